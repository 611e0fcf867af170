package org.nice4j.infer;

import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nice4j.Gaussian;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;
import org.nice4j.model.FlowModel;
import org.nice4j.prior.ClassConditionalGaussian;

/**
 * GIN's views of a class-conditional latent space (§4.4, App. F): which latent variables matter, what each does, and
 * samples that keep only those. Everything is read from the prior's stored per-class statistics μ(u), σ(u), so no
 * data is needed. Following the GIN authors' plots, a variable's importance is its root-mean-square standard deviation
 * over the classes, √(mean_u σ_i(u)²): in a volume-preserving flow a variable with a large spread carries the
 * variation of the data, one with a tiny spread only noise (GIN §3.3).
 */
public final class ClassLatents {
    /** The −2 … +2 standard deviation sweep of GIN's traversal figures, in 9 steps. */
    public static final double RANGE = 2;
    public static final int STEPS = 9;

    private final FlowModel model;
    private final ClassConditionalGaussian prior;

    public ClassLatents(FlowModel model) {
        this.model = model;
        if (!(model.prior() instanceof ClassConditionalGaussian classPrior)) {
            throw new NiceException("the model's prior '" + model.prior().id()
                    + "' is not class-conditional (train a gin-mnist or class-gaussian model)");
        }
        this.prior = classPrior;
    }

    /** Per latent variable, √(mean over classes of σ_i(u)²), in variable order. */
    public double[] importance() {
        float[][] std = prior.standardDeviations();
        double[] rms = new double[std[0].length];
        for (float[] ofClass : std) {
            for (int i = 0; i < rms.length; i++) {
                rms[i] += (double) ofClass[i] * ofClass[i] / std.length;
            }
        }
        for (int i = 0; i < rms.length; i++) {
            rms[i] = Math.sqrt(rms[i]);
        }
        return rms;
    }

    /** The latent variables by decreasing {@link #importance()} (ties by index, so the order is stable). */
    public int[] ranking() {
        return decreasing(importance());
    }

    /** Class {@code label}'s spread σ_i(u) of each latent variable, in variable order. */
    public double[] spread(int label) {
        if (label < 0 || label >= prior.classes()) {
            throw new InvalidSettingException("label", "class " + label + " outside 0.." + (prior.classes() - 1));
        }
        float[] sigma = prior.standardDeviations()[label];
        double[] out = new double[sigma.length];
        for (int i = 0; i < sigma.length; i++) {
            out[i] = sigma[i];
        }
        return out;
    }

    /** Class {@code label}'s latent variables by decreasing {@link #spread(int)} (ties by index). */
    public int[] ranking(int label) {
        return decreasing(spread(label));
    }

    private static int[] decreasing(double[] values) {
        return IntStream.range(0, values.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -values[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    /**
     * One variable's effect: for every class u, h = μ(u) with variable {@code variable} moved to
     * μ_i(u) + t·σ_i(u) for t from −2 to +2 in {@link #STEPS} steps, decoded.
     *
     * @return [class][step] decoded rows, and per class the heatmap |x(t = +1) − x(t = −1)| (GIN Fig. 4)
     */
    public Traversal traverse(int variable) {
        int d = model.dimension();
        if (variable < 0 || variable >= d) {
            throw new NiceException("latent variable " + variable + " outside 0.." + (d - 1));
        }
        float[][] mu = prior.means();
        float[][] sigma = prior.standardDeviations();
        int classes = prior.classes();
        float[][] latents = new float[classes * (STEPS + 2)][];
        for (int k = 0; k < classes; k++) {
            for (int s = 0; s < STEPS + 2; s++) {
                // STEPS points from −RANGE to +RANGE, then t = −1 and t = +1 for the heatmap
                double t = s < STEPS ? -RANGE + 2 * RANGE * s / (STEPS - 1) : s == STEPS ? -1 : 1;
                float[] h = mu[k].clone();
                h[variable] = (float) (mu[k][variable] + t * sigma[k][variable]);
                latents[k * (STEPS + 2) + s] = h;
            }
        }
        float[][] decoded = model.decode(latents);
        float[][][] images = new float[classes][STEPS][];
        float[][] heat = new float[classes][d];
        for (int k = 0; k < classes; k++) {
            System.arraycopy(decoded, k * (STEPS + 2), images[k], 0, STEPS);
            float[] minus = decoded[k * (STEPS + 2) + STEPS];
            float[] plus = decoded[k * (STEPS + 2) + STEPS + 1];
            for (int j = 0; j < d; j++) {
                heat[k][j] = Math.abs(plus[j] - minus[j]);
            }
        }
        return new Traversal(variable, images, heat);
    }

    /**
     * One point of class {@code label}'s latent space, decoded: h = μ(u) with each of {@code variables} moved to
     * μ_i(u) + t_i·σ_i(u), {@code offsets} holding the t_i in standard deviations (the sliders of an interactive
     * traversal).
     */
    public float[] decode(int label, int[] variables, double[] offsets) {
        int d = model.dimension();
        double[] spread = spread(label);
        if (variables.length != offsets.length) {
            throw new NiceException(variables.length + " latent variables for " + offsets.length + " offsets");
        }
        float[] h = prior.means()[label].clone();
        for (int k = 0; k < variables.length; k++) {
            int i = variables[k];
            if (i < 0 || i >= d) {
                throw new InvalidSettingException("variable", "latent variable " + i + " outside 0.." + (d - 1));
            }
            h[i] = (float) (h[i] + offsets[k] * spread[i]);
        }
        return model.decode(new float[][] {h})[0];
    }

    /** A traversal: decoded rows [class][step] and one heatmap per class. */
    public record Traversal(int variable, float[][][] images, float[][] heatmaps) {}

    /**
     * GIN Fig. 9: {@code rows} style codes z ~ N(0, T²) on the {@code top} most important variables (0 elsewhere),
     * each decoded as h = μ(u) + σ(u)·z for every class u, so a row shows one style across all digits.
     *
     * @return rows × classes decoded images, row-major (row r, class u at r·classes + u)
     */
    public float[][] styleSamples(int top, int rows, double temperature, long seed) {
        int d = model.dimension();
        if (top < 1 || top > d) {
            throw new InvalidSettingException("top", "the number of top variables must be between 1 and " + d
                    + ", got " + top);
        }
        int[] sampled = java.util.Arrays.copyOf(ranking(), top);
        float[][] mu = prior.means();
        float[][] sigma = prior.standardDeviations();
        int classes = prior.classes();
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] latents = new float[rows * classes][];
        for (int r = 0; r < rows; r++) {
            double[] z = new double[d];
            for (int i : sampled) {
                z[i] = temperature * Gaussian.next(rng);
            }
            for (int k = 0; k < classes; k++) {
                float[] h = mu[k].clone();
                for (int i : sampled) {
                    h[i] = (float) (mu[k][i] + sigma[k][i] * z[i]);
                }
                latents[r * classes + k] = h;
            }
        }
        return model.decode(latents);
    }
}
