package org.nice4j.data;

import java.util.SplittableRandom;
import java.util.Objects;
import org.nice4j.InvalidSettingException;

/**
 * Turns discrete pixels into continuous values, as in the NICE paper: {@code x = (pixel + u) / levels} with
 * {@code u ~ U(0,1)}, or that value mapped linearly onto [−1, 1] ({@link PixelRange#SYMMETRIC}). A density fitted to such values is a bound on the discrete data's log-likelihood; without the
 * noise a flow could put unbounded density on the 256 grey levels.
 *
 * <p>{@code levels} (default 256) coarsens the grey scale first, as Glow does for 5-bit images: pixel {@code p}
 * becomes level {@code floor(p * levels / 256)}. With the default it is {@code p} itself.
 *
 * <p>Training draws fresh noise per batch from the caller's generator. Evaluation uses
 * {@link #evaluationBatch}, whose noise is fixed per example index, so the same model gets the same score
 * whatever the batch size or order. A file read in chunks passes each chunk's position in the file, so that row r
 * gets the same noise whether the file is scored whole or chunk by chunk.
 */
public final class Dequantizer implements PixelForm {

    public static final int DEFAULT_LEVELS = 256;
    /** Seed of the evaluation noise; fixed so that scores can be compared across runs and machines. */
    public static final long EVALUATION_SEED = 0x4E1CE_2015L;

    private static final int PIXEL_LEVELS = 256;

    private final int levels;
    private final PixelRange range;

    /** The paper's dequantizer: 256 levels. */
    public Dequantizer() {
        this(DEFAULT_LEVELS);
    }

    /** {@code levels} levels on [0, 1]. */
    public Dequantizer(int levels) {
        this(levels, PixelRange.UNIT);
    }

    public Dequantizer(int levels, PixelRange range) {
        if (levels < 2 || levels > PIXEL_LEVELS) {
            throw new InvalidSettingException("levels", "dequantization levels must be between 2 and 256, got "
                    + levels);
        }
        this.levels = levels;
        this.range = Objects.requireNonNull(range, "range");
    }

    public int levels() {
        return levels;
    }

    /**
     * Dequantizes the examples at {@code indices} with noise from {@code rng}.
     *
     * @return {@code indices.length * data.dimension()} values, row-major, each in {@code [q/levels, (q+1)/levels)}
     *         for pixel level {@code q} (on [0, 1]; mapped linearly for another range)
     */
    @Override
    public float[] batch(ImageDataset data, int[] indices, SplittableRandom rng) {
        int d = data.dimension();
        float[] out = new float[indices.length * d];
        for (int b = 0; b < indices.length; b++) {
            fillExample(data, indices[b], rng, out, b * d);
        }
        return out;
    }

    /**
     * Like {@link #batch} with noise that depends only on {@link #EVALUATION_SEED} and each example's index, so
     * validation and test scores are reproducible and independent of batching.
     */
    public float[] evaluationBatch(ImageDataset data, int[] indices) {
        return evaluationBatch(data, indices, 0);
    }

    /**
     * Like {@link #evaluationBatch(ImageDataset, int[])} for a chunk whose example 0 is example {@code firstIndex}
     * of its file: the noise of each example depends on its index in the file.
     */
    @Override
    public float[] evaluationBatch(ImageDataset data, int[] indices, long firstIndex) {
        int d = data.dimension();
        float[] out = new float[indices.length * d];
        for (int b = 0; b < indices.length; b++) {
            fillExample(data, indices[b], new SplittableRandom(exampleSeed(firstIndex + indices[b])), out, b * d);
        }
        return out;
    }

    private void fillExample(ImageDataset data, int example, SplittableRandom rng, float[] out, int offset) {
        for (int j = 0; j < data.dimension(); j++) {
            int level = data.pixel(example, j) * levels / PIXEL_LEVELS;
            float value = (float) (range.low() + range.span() * (level + rng.nextDouble()) / levels);
            // Rounding to float can reach the next level's lower edge; keep the interval half-open.
            out[offset + j] = Math.min(value, Math.nextDown((float) (range.low() + range.span() * (level + 1.0)
                    / levels)));
        }
    }

    /**
     * A scrambled seed per example (the SplitMix64 finaliser). Plain {@code seed + index} would not do:
     * SplittableRandom streams from seeds that differ by a multiple of its increment are shifted copies of each
     * other, so neighbouring examples would share noise.
     */
    private static long exampleSeed(long index) {
        long z = EVALUATION_SEED + index * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
