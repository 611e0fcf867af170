package org.nice4j.infer;

import java.util.SplittableRandom;
import org.nice4j.Gaussian;
import org.nice4j.NiceException;
import org.nice4j.prior.Prior;

/**
 * Latent points for the NICE paper's manifold figure (appendix A.1): a sphere S of radius r in a random 3-D
 * subspace of the latent space, R(S), which the caller decodes to f⁻¹(R(S)). The subspace is spanned by three
 * Gaussian vectors made orthonormal (Gram–Schmidt), which gives a uniformly random rotation of the sphere's span;
 * all other latent coordinates stay at the prior's mode, 0. The grid runs over latitude θ (one figure row each,
 * cell centres θ = π(k + ½)/rows so the poles do not repeat) and longitude φ = 2πj/columns (one column each).
 */
public final class SphereManifold {
    private SphereManifold() {}

    /**
     * The default radius: the typical length of a prior draw's projection onto three dimensions, σ√3, so the
     * sphere passes through latents the prior considers ordinary.
     */
    public static double typicalRadius(Prior prior) {
        double sigma = prior.coordinateStd().orElseThrow(() -> new NiceException(
                "no standard deviation known for the prior '" + prior.id() + "'"));
        return sigma * Math.sqrt(3);
    }

    /** {@code rows * columns} latent vectors, row by row, of length {@code dimension}. */
    public static float[][] latents(int dimension, int rows, int columns, double radius, long seed) {
        if (dimension < 3) {
            throw new NiceException("a 3-D sphere needs a latent space of at least 3 dimensions, got " + dimension);
        }
        if (rows < 1 || columns < 1) {
            throw new NiceException("the sphere grid needs at least one row and column, got " + rows + "x" + columns);
        }
        double[][] basis = orthonormalBasis(dimension, new SplittableRandom(seed));
        float[][] out = new float[rows * columns][dimension];
        for (int k = 0; k < rows; k++) {
            double theta = Math.PI * (k + 0.5) / rows;
            for (int j = 0; j < columns; j++) {
                double phi = 2 * Math.PI * j / columns;
                double[] u = {Math.sin(theta) * Math.cos(phi), Math.sin(theta) * Math.sin(phi), Math.cos(theta)};
                float[] h = out[k * columns + j];
                for (int d = 0; d < dimension; d++) {
                    h[d] = (float) (radius * (u[0] * basis[0][d] + u[1] * basis[1][d] + u[2] * basis[2][d]));
                }
            }
        }
        return out;
    }

    private static double[][] orthonormalBasis(int dimension, SplittableRandom rng) {
        double[][] basis = new double[3][dimension];
        for (int b = 0; b < 3; b++) {
            for (int d = 0; d < dimension; d++) {
                basis[b][d] = Gaussian.next(rng);
            }
            for (int prev = 0; prev < b; prev++) {
                double dot = dot(basis[b], basis[prev]);
                for (int d = 0; d < dimension; d++) {
                    basis[b][d] -= dot * basis[prev][d];
                }
            }
            double norm = Math.sqrt(dot(basis[b], basis[b]));
            for (int d = 0; d < dimension; d++) {
                basis[b][d] /= norm;
            }
        }
        return basis;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
