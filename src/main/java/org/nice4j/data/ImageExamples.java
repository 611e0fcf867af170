package org.nice4j.data;

import java.util.SplittableRandom;

/** Images as model input: dequantized by the paper's rule x = (pixel + u)/256, or binarized (see {@link PixelForm}). */
public final class ImageExamples implements Examples {
    private final ImageDataset images;
    private final PixelForm form;
    private final long firstIndex;

    public ImageExamples(ImageDataset images, int levels) {
        this(images, new Dequantizer(levels), 0);
    }

    /**
     * @param firstIndex the index in its file of the first image, which fixes the evaluation noise of a chunk read
     *                   from a larger file (see {@link PixelForm#evaluationBatch(ImageDataset, int[], long)})
     */
    public ImageExamples(ImageDataset images, PixelForm form, long firstIndex) {
        this.images = images;
        this.form = form;
        this.firstIndex = firstIndex;
    }

    public ImageDataset images() {
        return images;
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public int dimension() {
        return images.dimension();
    }

    @Override
    public float[] batch(int[] indices, SplittableRandom noise) {
        return form.batch(images, indices, noise);
    }

    @Override
    public float[] evaluationBatch(int[] indices) {
        return form.evaluationBatch(images, indices, firstIndex);
    }

    @Override
    public boolean labelled() {
        return images.hasLabels();
    }

    @Override
    public int[] labels(int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = images.label(indices[i]);
        }
        return out;
    }
}
