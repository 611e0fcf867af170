package org.nice4j.infer;

import org.nice4j.NiceException;
import org.nice4j.data.ImageDataset;

/**
 * The per-pixel mean of a dataset in model units: the expectation of the dequantized value (q + u)/levels,
 * u ~ U(0, 1), which is (q + 1/2)/levels. It is the plain baseline of inpainting (fill every hole with the
 * average training image) and one of its start states.
 */
public final class MeanImage {
    private MeanImage() {}

    public static float[] of(ImageDataset images, int levels) {
        if (images.size() == 0) {
            throw new NiceException("dataset '" + images.name() + "' is empty: no mean image");
        }
        int d = images.dimension();
        long[] sums = new long[d];
        for (int i = 0; i < images.size(); i++) {
            for (int j = 0; j < d; j++) {
                sums[j] += images.pixel(i, j) * levels / 256;
            }
        }
        float[] mean = new float[d];
        for (int j = 0; j < d; j++) {
            mean[j] = (float) (((double) sums[j] / images.size() + 0.5) / levels);
        }
        return mean;
    }
}
