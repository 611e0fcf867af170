package org.nice4j.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.nice4j.Engines;
import org.nice4j.NiceException;
import org.nice4j.engine.Host;

/**
 * The whitening stages, fitted to random statistics: exact inverse and log-determinant against the autograd Jacobian
 * (as every transform in {@link TransformPropertiesTest}), and what each promises of its fit.
 */
class WhiteningTransformsTest {
    private static final NDManager manager = Engines.shared();

    @Property(tries = 15)
    void standardizationInvertsAndLogDetIsMinusSumOfLogStds(@ForAll @IntRange(min = 1, max = 9) int dimension,
            @ForAll long seed) {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(seed);
            Standardization s = new Standardization(scope, dimension);
            s.fit(uniform(rng, dimension, -3, 3), exp(uniform(rng, dimension, -2, 2)));
            TransformPropertiesTest.check(s, scope, dimension, rng);
        }
    }

    @Property(tries = 15)
    void zcaInvertsAndLogDetIsSumOfLogScales(@ForAll @IntRange(min = 1, max = 8) int dimension, @ForAll long seed) {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(seed);
            ZcaWhitening z = new ZcaWhitening(scope, dimension);
            z.fit(uniform(rng, dimension, -1, 1), randomCovariance(rng, dimension));
            TransformPropertiesTest.check(z, scope, dimension, rng);
        }
    }

    @Property(tries = 15)
    void triangularAffineInvertsAndLogDetIsSumOfLogDiagonal(@ForAll @IntRange(min = 1, max = 8) int dimension,
            @ForAll boolean trainable, @ForAll long seed) {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(seed);
            TriangularAffine t = trainable ? TriangularAffine.trainable(scope, dimension)
                    : TriangularAffine.frozen(scope, dimension);
            t.fit(uniform(rng, dimension * dimension, -1, 1), uniform(rng, dimension, -1, 1),
                    uniform(rng, dimension, -2, 2));
            TransformPropertiesTest.check(t, scope, dimension, rng);
        }
    }

    @Test
    void zcaWhitensTheCovarianceItWasFittedTo() {
        int d = 5;
        SplittableRandom rng = new SplittableRandom(3);
        double[][] covariance = randomCovariance(rng, d);
        double[] mean = uniform(rng, d, -2, 2);
        try (NDManager scope = manager.newSubManager()) {
            ZcaWhitening z = new ZcaWhitening(scope, d);
            z.fit(mean, covariance);
            // W Σ Wᵀ = I for the map's linear part W = J (the Jacobian, the same at every x).
            NDArray w = linearPart(z, scope, d);
            NDArray sigma = Host.array(scope, flat(covariance), new Shape(d, d));
            float[] product = w.matMul(sigma).matMul(w.transpose()).toFloatArray();
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    assertEquals(i == j ? 1 : 0, product[i * d + j], 1e-4, "W Σ Wᵀ at " + i + "," + j);
                }
            }
            // ZCA's W is symmetric: the whitening that moves the data least.
            float[] wv = w.toFloatArray();
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < i; j++) {
                    assertEquals(wv[i * d + j], wv[j * d + i], 1e-5, "symmetric at " + i + "," + j);
                }
            }
            NDArray mu = Host.array(scope, toFloat(mean), new Shape(1, d));
            for (float v : z.forward(mu).value().toFloatArray()) {
                assertEquals(0, v, 1e-5, "the mean maps to 0");
            }
        }
    }

    @Test
    void zcaRefusesASingularCovariance() {
        double[][] dependent = {{1, 2, 3}, {2, 4, 6}, {3, 6, 10}}; // column 2 is twice column 1
        try (NDManager scope = manager.newSubManager()) {
            NiceException e = assertThrows(NiceException.class,
                    () -> new ZcaWhitening(scope, 3).fit(new double[3], dependent));
            assertTrue(e.getMessage().contains("linear combinations"), e.getMessage());
        }
    }

    @Test
    void onlyATrainableTriangularAffineOffersParametersToAnOptimizer() {
        try (NDManager scope = manager.newSubManager()) {
            TriangularAffine trainable = TriangularAffine.trainable(scope, 3);
            TriangularAffine frozen = TriangularAffine.frozen(scope, 3);
            assertEquals(3, trainable.parameters().size());
            assertTrue(trainable.statistics().isEmpty());
            assertTrue(frozen.parameters().isEmpty());
            assertEquals(java.util.List.of("lower", "log_diagonal", "bias"),
                    java.util.List.copyOf(frozen.statistics().keySet()));
            assertTrue(new Standardization(scope, 3).parameters().isEmpty());
            assertTrue(new ZcaWhitening(scope, 3).parameters().isEmpty());
        }
    }

    @Test
    void standardizationRefusesAColumnWithoutSpread() {
        try (NDManager scope = manager.newSubManager()) {
            Standardization s = new Standardization(scope, 2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.fit(new double[] {0, 0}, new double[] {1, 0}));
            assertTrue(e.getMessage().contains("column 1"), e.getMessage());
        }
    }

    /** The Jacobian of an affine map, read off the images of the unit vectors minus the image of 0. */
    private static NDArray linearPart(Transform t, NDManager scope, int d) {
        NDArray basis = scope.eye(d);
        NDArray origin = t.forward(scope.zeros(new Shape(1, d))).value();
        return t.forward(basis).value().sub(origin).transpose();
    }

    static double[][] randomCovariance(SplittableRandom rng, int d) {
        double[][] a = new double[d][d];
        for (double[] row : a) {
            for (int j = 0; j < d; j++) {
                row[j] = rng.nextDouble(-1, 1);
            }
        }
        double[][] c = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    c[i][j] += a[i][k] * a[j][k];
                }
            }
            c[i][i] += 0.1;
        }
        return c;
    }

    private static double[] uniform(SplittableRandom rng, int n, double from, double to) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble(from, to);
        }
        return v;
    }

    private static double[] exp(double[] v) {
        return java.util.Arrays.stream(v).map(Math::exp).toArray();
    }

    private static float[] flat(double[][] m) {
        float[] out = new float[m.length * m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                out[i * m.length + j] = (float) m[i][j];
            }
        }
        return out;
    }

    private static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }
}
