package org.nice4j.data;

import java.util.SplittableRandom;
import org.nice4j.Seeds;

/**
 * Dynamic binarization of grey images (the binary MNIST of the VAE literature, VDAE paper Table 2): every pixel
 * becomes 1 with probability equal to its intensity pixel/255, else 0. Training draws afresh for every minibatch, so
 * the model sees a new binary image of each digit every epoch; evaluation draws once per example, from its index.
 */
public final class Binarizer implements PixelForm {
    /** Seed of the evaluation draws; fixed so that scores can be compared across runs and machines. */
    public static final long EVALUATION_SEED = 0xB1_4A_7E_2019L;
    private static final double MAX_PIXEL = 255;

    @Override
    public float[] batch(ImageDataset data, int[] indices, SplittableRandom rng) {
        int d = data.dimension();
        float[] out = new float[indices.length * d];
        for (int b = 0; b < indices.length; b++) {
            fillExample(data, indices[b], rng, out, b * d);
        }
        return out;
    }

    @Override
    public float[] evaluationBatch(ImageDataset data, int[] indices, long firstIndex) {
        int d = data.dimension();
        float[] out = new float[indices.length * d];
        for (int b = 0; b < indices.length; b++) {
            SplittableRandom rng = new SplittableRandom(Seeds.mix(EVALUATION_SEED, firstIndex + indices[b]));
            fillExample(data, indices[b], rng, out, b * d);
        }
        return out;
    }

    private static void fillExample(ImageDataset data, int example, SplittableRandom rng, float[] out, int offset) {
        for (int j = 0; j < data.dimension(); j++) {
            out[offset + j] = rng.nextDouble() < data.pixel(example, j) / MAX_PIXEL ? 1f : 0f;
        }
    }
}
