package org.nice4j.data;

import java.util.SplittableRandom;

/**
 * How discrete pixels become model input: dequantized to continuous values ({@link Dequantizer}) or drawn as binary
 * ones ({@link Binarizer}). Training draws afresh for every minibatch; evaluation is fixed per example.
 */
public interface PixelForm {

    /** The examples at {@code indices}, row-major, drawn with {@code rng}. */
    float[] batch(ImageDataset data, int[] indices, SplittableRandom rng);

    /**
     * Like {@link #batch} with draws that depend only on each example's index in its file ({@code firstIndex} is the
     * index of the chunk's example 0), so that scores are reproducible and independent of batching.
     */
    float[] evaluationBatch(ImageDataset data, int[] indices, long firstIndex);
}
