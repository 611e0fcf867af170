package org.nice4j.infer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.nice4j.Gaussian;
import org.nice4j.NiceException;
import org.nice4j.Seeds;
import org.nice4j.engine.Host;
import org.nice4j.model.FlowModel;

/**
 * The inpainting procedure of NICE §5.2: the observed pixels x_O stay clamped and the hidden ones follow projected
 * stochastic gradient ascent on log p(x_O, x_H),
 * <pre>x_H ← Π(x_H + α_i (∂log p/∂x_H + ε)),  ε ~ N(0, I),  α_i = 10 / (100 + i),  i = 1 … steps,</pre>
 * where Π clips to the data interval [0, 1], each pixel's step optionally scaled to the model's spread along it
 * ({@link InpaintingStep}). Observed pixels are copied from the start state at every step with a
 * select, never recomputed, so they come back bit-identical. Examples are independent, so the gradient of the
 * summed log p gives every example its own gradient and any number of (image, mask) rows run as one batch, in
 * chunks of {@value #CHUNK} rows to bound memory. Row i draws its noise from its own generator seeded by
 * (seed, i), so the result does not depend on chunking and the same seed gives the same numbers.
 */
public final class Inpainter {
    /** Rows per forward/backward pass: 256 rows of the paper's 5 x 1000 networks keep activations near 100 MB. */
    static final int CHUNK = 256;

    /**
     * Sees the rows of the chunk being run after every step, to show the procedure converging; it stops the run by
     * throwing (the exception passes out of {@link #run(float[][], boolean[][], Progress)} and nothing leaks).
     */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param step     the step just taken, from 1
         * @param firstRow the index of {@code rows[0]} among all rows
         * @param rows     the chunk's current rows; the caller's copy
         */
        void afterStep(int step, int firstRow, float[][] rows);
    }

    private final FlowModel model;
    private final int steps;
    private final long seed;
    private final float[] stepFactors;

    public Inpainter(FlowModel model, int steps, long seed, InpaintingStep rule) {
        if (steps < 0) {
            throw new NiceException("inpainting steps must not be negative, got " + steps);
        }
        this.model = model;
        this.steps = steps;
        this.seed = seed;
        this.stepFactors = rule.factors(model);
    }

    /** The step size of iteration i (from 1), the paper's 10 / (100 + i). */
    public static double stepSize(int i) {
        return 10.0 / (100 + i);
    }

    /**
     * @param starts one start state per row: observed pixels at their values, hidden ones at their initial guess
     * @param hidden one flag per pixel per row, true where the pixel is inpainted
     * @return the completed rows; values of observed pixels are those of {@code starts}, bit for bit
     */
    public float[][] run(float[][] starts, boolean[][] hidden) {
        return run(starts, hidden, null);
    }

    /** As {@link #run(float[][], boolean[][])}, telling {@code progress} (when not null) after every step. */
    public float[][] run(float[][] starts, boolean[][] hidden, Progress progress) {
        if (starts.length != hidden.length) {
            throw new NiceException(starts.length + " start states for " + hidden.length + " masks");
        }
        float[][] out = new float[starts.length][];
        FrozenParameters frozen = new FrozenParameters(model);
        try {
            for (int from = 0; from < starts.length; from += CHUNK) {
                int to = Math.min(starts.length, from + CHUNK);
                float[][] done = runChunk(starts, hidden, from, to, progress);
                System.arraycopy(done, 0, out, from, to - from);
            }
        } finally {
            frozen.close();
        }
        return out;
    }

    private float[][] runChunk(float[][] starts, boolean[][] hidden, int from, int to, Progress progress) {
        int n = to - from;
        int d = model.dimension();
        SplittableRandom[] noise = new SplittableRandom[n];
        for (int r = 0; r < n; r++) {
            noise[r] = new SplittableRandom(Seeds.mix(seed, from + r));
        }
        try (NDManager scope = model.manager().newSubManager()) {
            Shape shape = new Shape(n, d);
            NDArray clamped = Host.array(scope, flatten(starts, from, to, d), shape);
            NDArray isHidden = Host.flags(scope, flattenFlags(hidden, from, to, d), shape);
            NDArray state = clamped.duplicate();
            NDArray factors = stepFactors == null ? null : Host.array(scope, stepFactors, new Shape(1, d));
            for (int i = 1; i <= steps; i++) {
                try (NDManager step = scope.newSubManager()) {
                    state.attach(step);
                    NDArray gradient = logProbGradient(state);
                    NDArray eps = Host.array(step, gaussians(noise, hidden, from, d), shape);
                    NDArray move = Host.times(gradient.add(eps), stepSize(i));
                    NDArray moved = state.add(factors == null ? move : move.mul(factors)).clip(0f, 1f);
                    NDArray next = NDArrays.where(isHidden, moved, clamped);
                    next.attach(scope);
                    state = next;
                }
                if (progress != null) {
                    progress.afterStep(i, from, Host.rows(state));
                }
            }
            return Host.rows(state);
        }
    }

    /** ∂(Σ log p)/∂x for a leaf array x, attached to x's manager. */
    private NDArray logProbGradient(NDArray x) {
        x.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            collector.backward(model.logProb(x).sum());
        }
        return x.getGradient();
    }

    /** Standard normal noise on hidden pixels, zero on observed ones (which the select discards anyway). */
    private static float[] gaussians(SplittableRandom[] noise, boolean[][] hidden, int from, int d) {
        float[] out = new float[noise.length * d];
        for (int r = 0; r < noise.length; r++) {
            boolean[] h = hidden[from + r];
            for (int j = 0; j < d; j++) {
                if (h[j]) {
                    out[r * d + j] = (float) Gaussian.next(noise[r]);
                }
            }
        }
        return out;
    }

    private static float[] flatten(float[][] rows, int from, int to, int d) {
        float[] out = new float[(to - from) * d];
        for (int r = from; r < to; r++) {
            if (rows[r].length != d) {
                throw new NiceException("row " + r + " has " + rows[r].length + " values, the model expects " + d);
            }
            System.arraycopy(rows[r], 0, out, (r - from) * d, d);
        }
        return out;
    }

    private static boolean[] flattenFlags(boolean[][] rows, int from, int to, int d) {
        boolean[] out = new boolean[(to - from) * d];
        for (int r = from; r < to; r++) {
            if (rows[r].length != d) {
                throw new NiceException("mask of row " + r + " has " + rows[r].length + " flags, the model expects " + d);
            }
            System.arraycopy(rows[r], 0, out, (r - from) * d, d);
        }
        return out;
    }
}
