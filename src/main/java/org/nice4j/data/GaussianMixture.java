package org.nice4j.data;

import java.util.SplittableRandom;
import org.nice4j.Gaussian;
import org.nice4j.InvalidSettingException;

/**
 * A mixture of full-covariance Gaussians whose log-density is known exactly: a synthetic table on which a density
 * model's test log-likelihood can be compared with the truth. {@link #table} draws a seeded one whose columns have
 * the mismatched units and offsets of real measurements.
 */
public final class GaussianMixture {
    private final double[] logWeights;
    private final MultivariateNormal[] components;

    /** @param weights positive mixture weights, normalised here */
    public GaussianMixture(double[] weights, MultivariateNormal[] components) {
        if (weights.length != components.length || components.length == 0) {
            throw new InvalidSettingException("components", weights.length + " weights for " + components.length
                    + " components");
        }
        double total = 0;
        for (double w : weights) {
            if (!(w > 0)) {
                throw new InvalidSettingException("weights", "mixture weights must be positive, got " + w);
            }
            total += w;
        }
        this.logWeights = new double[weights.length];
        for (int k = 0; k < weights.length; k++) {
            logWeights[k] = Math.log(weights[k] / total);
        }
        this.components = components.clone();
    }

    /**
     * A seeded random table density: {@code count} components in {@code dimension} columns, means spread by about
     * two standard deviations of a component, each covariance AAᵀ + 0.05·I with A standard normal / √D (correlated,
     * unequal spreads). Column j is then scaled by 10^u, u uniform on [−2, 2], and shifted by a uniform value in
     * [−100, 100], as raw measurements in unrelated units are.
     */
    public static GaussianMixture table(int dimension, int count, long seed) {
        if (dimension < 1 || count < 1) {
            throw new InvalidSettingException("dimension", "a table needs dimension >= 1 and components >= 1, got "
                    + dimension + " and " + count);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] scale = new double[dimension];
        double[] shift = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            scale[j] = Math.pow(10, rng.nextDouble(-2, 2));
            shift[j] = rng.nextDouble(-100, 100);
        }
        double[] weights = new double[count];
        MultivariateNormal[] parts = new MultivariateNormal[count];
        for (int k = 0; k < count; k++) {
            weights[k] = 1 + rng.nextDouble();
            double[][] a = new double[dimension][dimension];
            for (double[] row : a) {
                for (int j = 0; j < dimension; j++) {
                    row[j] = Gaussian.next(rng) / Math.sqrt(dimension);
                }
            }
            double[] mean = new double[dimension];
            double[][] covariance = new double[dimension][dimension];
            for (int i = 0; i < dimension; i++) {
                mean[i] = scale[i] * 2 * Gaussian.next(rng) + shift[i];
                for (int j = 0; j < dimension; j++) {
                    double c = i == j ? 0.05 : 0;
                    for (int m = 0; m < dimension; m++) {
                        c += a[i][m] * a[j][m];
                    }
                    covariance[i][j] = scale[i] * scale[j] * c;
                }
            }
            parts[k] = new MultivariateNormal(mean, covariance);
        }
        return new GaussianMixture(weights, parts);
    }

    public int dimension() {
        return components[0].dimension();
    }

    /** n rows drawn from the mixture, row-major (n × D); the same seed gives the same rows. */
    public float[] sample(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = dimension();
        float[] rows = new float[n * d];
        for (int r = 0; r < n; r++) {
            double u = rng.nextDouble();
            int k = 0;
            double cumulative = Math.exp(logWeights[0]);
            while (u > cumulative && k < components.length - 1) {
                cumulative += Math.exp(logWeights[++k]);
            }
            components[k].sample(rng, rows, r * d);
        }
        return rows;
    }

    /** log p(x) of the row of D values at {@code offset}, by log-sum-exp over the components. */
    public double logDensity(float[] rows, int offset) {
        double[] terms = new double[components.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < components.length; k++) {
            terms[k] = logWeights[k] + components[k].logDensity(rows, offset);
            max = Math.max(max, terms[k]);
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return max + Math.log(sum);
    }

    /** The mean log-density of rows (n × D, row-major). */
    public double meanLogDensity(float[] rows) {
        int d = dimension();
        int n = rows.length / d;
        double sum = 0;
        for (int r = 0; r < n; r++) {
            sum += logDensity(rows, r * d);
        }
        return sum / n;
    }
}
