package org.nice4j.data;

import java.util.SplittableRandom;
import org.nice4j.Gaussian;
import org.nice4j.InvalidSettingException;

/**
 * A Gaussian with full covariance, in double precision on the host: the baseline density a flow must beat on a table,
 * and the components of {@link GaussianMixture}. Holds the Cholesky factor Σ = CCᵀ for densities and draws.
 */
public final class MultivariateNormal {
    private static final double LOG_TWO_PI = Math.log(2 * Math.PI);

    private final double[] mean;
    private final double[][] cholesky;
    private final double logDetCovariance;

    /** @throws InvalidSettingException when the covariance is not symmetric positive definite */
    public MultivariateNormal(double[] mean, double[][] covariance) {
        int d = mean.length;
        this.mean = mean.clone();
        this.cholesky = new double[d][d];
        double logDet = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = covariance[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= cholesky[i][k] * cholesky[j][k];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        throw new InvalidSettingException("covariance", "the " + d + "x" + d
                                + " covariance is not positive definite (pivot " + i + " is " + sum + ")");
                    }
                    cholesky[i][i] = Math.sqrt(sum);
                    logDet += 2 * Math.log(cholesky[i][i]);
                } else {
                    cholesky[i][j] = sum / cholesky[j][j];
                }
            }
        }
        this.logDetCovariance = logDet;
    }

    /** The maximum-likelihood Gaussian of rows (n × D, row-major): their mean and covariance divided by n. */
    public static MultivariateNormal fit(float[] rows, int dimension) {
        int n = rows.length / dimension;
        double[] mean = new double[dimension];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < dimension; j++) {
                mean[j] += rows[r * dimension + j];
            }
        }
        for (int j = 0; j < dimension; j++) {
            mean[j] /= n;
        }
        double[][] covariance = new double[dimension][dimension];
        double[] centred = new double[dimension];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < dimension; j++) {
                centred[j] = rows[r * dimension + j] - mean[j];
            }
            for (int i = 0; i < dimension; i++) {
                for (int j = 0; j <= i; j++) {
                    covariance[i][j] += centred[i] * centred[j];
                }
            }
        }
        for (int i = 0; i < dimension; i++) {
            for (int j = 0; j <= i; j++) {
                covariance[i][j] /= n;
                covariance[j][i] = covariance[i][j];
            }
        }
        return new MultivariateNormal(mean, covariance);
    }

    public int dimension() {
        return mean.length;
    }

    /** log N(x; μ, Σ) of the row of D values starting at {@code offset}. */
    public double logDensity(float[] rows, int offset) {
        int d = mean.length;
        double[] z = new double[d]; // C⁻¹(x − μ), by forward substitution
        double squared = 0;
        for (int i = 0; i < d; i++) {
            double sum = rows[offset + i] - mean[i];
            for (int k = 0; k < i; k++) {
                sum -= cholesky[i][k] * z[k];
            }
            z[i] = sum / cholesky[i][i];
            squared += z[i] * z[i];
        }
        return -0.5 * (d * LOG_TWO_PI + logDetCovariance + squared);
    }

    /** The mean of {@link #logDensity} over rows (n × D, row-major). */
    public double meanLogDensity(float[] rows) {
        int n = rows.length / mean.length;
        double sum = 0;
        for (int r = 0; r < n; r++) {
            sum += logDensity(rows, r * mean.length);
        }
        return sum / n;
    }

    /** One draw μ + Cz, z ~ N(0, I), into {@code out} at {@code offset}. */
    void sample(SplittableRandom rng, float[] out, int offset) {
        int d = mean.length;
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            z[i] = Gaussian.next(rng);
        }
        for (int i = 0; i < d; i++) {
            double v = mean[i];
            for (int k = 0; k <= i; k++) {
                v += cholesky[i][k] * z[k];
            }
            out[offset + i] = (float) v;
        }
    }
}
