package org.nice4j.infer;

import org.nice4j.data.ImageDataset;
import org.nice4j.data.ImageExamples;

/** Dataset images as model input rows for the figures of inpainting and interpolation. */
public final class ImageRows {
    private ImageRows() {}

    /**
     * The first {@code min(n, size)} images of {@code data}, dequantized to {@code levels} with the fixed
     * evaluation noise, so the same command shows the same images.
     */
    public static float[][] first(ImageDataset data, int levels, int n) {
        int count = Math.min(n, data.size());
        int[] indices = new int[count];
        for (int i = 0; i < count; i++) {
            indices[i] = i;
        }
        int d = data.dimension();
        float[] flat = new ImageExamples(data, levels).evaluationBatch(indices);
        float[][] rows = new float[count][d];
        for (int i = 0; i < count; i++) {
            System.arraycopy(flat, i * d, rows[i], 0, d);
        }
        return rows;
    }
}
