package org.nice4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.nice4j.Engines;
import org.nice4j.Jacobians;
import org.nice4j.NiceException;
import org.nice4j.engine.Host;

/** log det(J·Jᵀ) from the host factorisation: its value, its gradient and its Mahalanobis solves, by brute force. */
class JacobianGramTest {
    private static final NDManager manager = Engines.shared();

    @Property(tries = 15)
    void logDetAndMahalanobisMatchBruteForce(@ForAll @IntRange(min = 1, max = 6) int m,
            @ForAll @IntRange(min = 0, max = 5) int extra, @ForAll long seed) {
        int n = m + extra;
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(seed);
            NDArray jac = wellConditioned(scope, rng, 3, m, n);
            NDArray u = ResidualProjectionNetTest.random(scope, rng, new Shape(3, m));
            JacobianGram gram = JacobianGram.of(jac);
            float[] logDet = gram.logDet().toFloatArray();
            float[] quad = gram.mahalanobis(u).toFloatArray();
            double[][][] j = unpack(jac.toFloatArray(), 3, m, n);
            float[] uv = u.toFloatArray();
            for (int b = 0; b < 3; b++) {
                double[][] c = gram(j[b]);
                double expected = Jacobians.logAbsDet(c);
                assertEquals(expected, gram.logDetValues()[b], 1e-4 * (1 + Math.abs(expected)), "host value " + b);
                assertEquals(gram.logDetValues()[b], logDet[b], 1e-5 * (1 + Math.abs(expected)), "array value " + b);
                double[] solved = solve(c, java.util.Arrays.copyOfRange(uv, b * m, b * m + m));
                double q = 0;
                for (int i = 0; i < m; i++) {
                    q += uv[b * m + i] * solved[i];
                }
                assertEquals(q, quad[b], 1e-4 * (1 + Math.abs(q)), "uᵀC⁻¹u " + b);
            }
            // K vectors per example, (batch, K, m): u and 2u give q and 4q.
            float[] pairs = gram.mahalanobis(u.expandDims(1).concat(u.expandDims(1).mul(2), 1)).toFloatArray();
            for (int b = 0; b < 3; b++) {
                assertEquals(quad[b], pairs[2 * b], 1e-5 * (1 + Math.abs(quad[b])), "u of example " + b);
                assertEquals(4 * quad[b], pairs[2 * b + 1], 4e-5 * (1 + Math.abs(quad[b])), "2u of example " + b);
            }
        }
    }

    /** The surrogate's gradient in J against central differences of the brute-force log-determinant, all in double. */
    @Property(tries = 10)
    void gradientInTheJacobianMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 5) int m,
            @ForAll @IntRange(min = 0, max = 4) int extra, @ForAll long seed) {
        int n = m + extra;
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(seed);
            NDArray jac = wellConditioned(scope, rng, 2, m, n);
            jac.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                gc.backward(JacobianGram.of(jac).logDet().sum());
            }
            float[] grad = jac.getGradient().toFloatArray();
            double[][][] j = unpack(jac.toFloatArray(), 2, m, n);
            double h = 1e-5;
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < m; i++) {
                    for (int k = 0; k < n; k++) {
                        double saved = j[b][i][k];
                        j[b][i][k] = saved + h;
                        double up = Jacobians.logAbsDet(gram(j[b]));
                        j[b][i][k] = saved - h;
                        double down = Jacobians.logAbsDet(gram(j[b]));
                        j[b][i][k] = saved;
                        double fd = (up - down) / (2 * h);
                        assertEquals(fd, grad[(b * m + i) * n + k], 1e-3 * (1 + Math.abs(fd)),
                                "∂/∂J[" + b + "][" + i + "][" + k + "]");
                    }
                }
            }
        }
    }

    /**
     * End to end through a random residual encoder: the gradient of Σ log det(J·Jᵀ) in every weight of the network
     * against central differences of the log-determinant (the network in float32, so a coarse step and tolerance).
     */
    @Example
    void gradientInTheEncoderWeightsMatchesFiniteDifferences() {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(21);
            ResidualProjectionNet net = ResidualProjectionNet.encoder(scope, new int[] {7, 5, 3}, 6, 1, rng);
            ResidualProjectionNetTest.perturb(net, rng);
            NDArray x = ResidualProjectionNetTest.random(scope, rng, new Shape(3, 7));
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                gc.backward(JacobianGram.of(net.linearize(x).jacobian()).logDet().sum());
            }
            double h = 1e-3;
            int checked = 0;
            for (Map.Entry<String, NDArray> e : net.parameters().entrySet()) {
                NDArray p = e.getValue();
                float[] grad = p.getGradient().toFloatArray();
                float[] values = p.toFloatArray();
                for (int idx = 0; idx < values.length; idx += 3) {
                    double up = logDetSum(net, p, values, idx, h, x);
                    double down = logDetSum(net, p, values, idx, -h, x);
                    set(p, values);
                    double fd = (up - down) / (2 * h);
                    assertEquals(fd, grad[idx], 2e-2 * (1 + Math.abs(fd)), e.getKey() + "[" + idx + "]");
                    checked++;
                }
            }
            assertEquals(true, checked > 30, "checked " + checked + " weights");
        }
    }

    @Example
    void rankDeficientJacobianIsNamed() {
        try (NDManager scope = manager.newSubManager()) {
            // Three rows in two dimensions: J·Jᵀ is singular.
            NDArray jac = Host.array(scope, new float[] {1, 0, 0, 1, 1, 1, 2, 0, 0, 2, 1, 1}, new Shape(2, 3, 2));
            NiceException e = assertThrows(NiceException.class, () -> JacobianGram.of(jac));
            assertEquals("the encoder's Jacobian lost rank at example 0 of the batch: J·Jᵀ is not positive definite",
                    e.getMessage());
        }
    }

    private static double logDetSum(ResidualProjectionNet net, NDArray p, float[] values, int idx, double h, NDArray x) {
        float[] shifted = values.clone();
        shifted[idx] += (float) h;
        set(p, shifted);
        double sum = 0;
        for (double v : JacobianGram.of(net.linearize(x).jacobian()).logDetValues()) {
            sum += v;
        }
        return sum;
    }

    private static void set(NDArray p, float[] values) {
        p.set(java.nio.FloatBuffer.wrap(values));
    }

    /**
     * Random Jacobians plus 3·[I 0]: the engine forms C in float32, so near-singular draws would lose the digits the
     * comparison looks at; a condition number kept small leaves only the factorisation to check.
     */
    private static NDArray wellConditioned(NDManager scope, SplittableRandom rng, int batch, int m, int n) {
        float[] v = ResidualProjectionNetTest.random(scope, rng, new Shape(batch, m, n)).toFloatArray();
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < m; i++) {
                v[(b * m + i) * n + i] += 3;
            }
        }
        return Host.array(scope, v, new Shape(batch, m, n));
    }

    private static double[][][] unpack(float[] flat, int batch, int rows, int cols) {
        double[][][] out = new double[batch][rows][cols];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < rows; i++) {
                for (int k = 0; k < cols; k++) {
                    out[b][i][k] = flat[(b * rows + i) * cols + k];
                }
            }
        }
        return out;
    }

    private static double[][] gram(double[][] j) {
        int m = j.length;
        double[][] c = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                for (int k = 0; k < j[a].length; k++) {
                    c[a][b] += j[a][k] * j[b][k];
                }
            }
        }
        return c;
    }

    /** Gaussian elimination with partial pivoting. */
    private static double[] solve(double[][] matrix, float[] rhs) {
        int m = matrix.length;
        double[][] a = new double[m][m + 1];
        for (int i = 0; i < m; i++) {
            System.arraycopy(matrix[i], 0, a[i], 0, m);
            a[i][m] = rhs[i];
        }
        for (int c = 0; c < m; c++) {
            int pivot = c;
            for (int r = c + 1; r < m; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] tmp = a[c];
            a[c] = a[pivot];
            a[pivot] = tmp;
            for (int r = 0; r < m; r++) {
                if (r != c) {
                    double f = a[r][c] / a[c][c];
                    for (int k = c; k <= m; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = a[i][m] / a[i][i];
        }
        return x;
    }
}
