package org.nice4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.nice4j.Engines;
import org.nice4j.InvalidSettingException;
import org.nice4j.Jacobians;
import org.nice4j.engine.Host;

/** The VDAE paper's residual-projection network: its Jacobian expression, its appendix C initialisation, its widths. */
class ResidualProjectionNetTest {
    private static final NDManager manager = Engines.shared();

    /** The accumulated per-example Jacobian equals autograd's, row by row, on random nets with random weights. */
    @Property(tries = 12)
    void linearizedJacobianMatchesAutograd(@ForAll @IntRange(min = 2, max = 9) int n,
            @ForAll @IntRange(min = 1, max = 9) int mRaw, @ForAll @IntRange(min = 0, max = 2) int blocks,
            @ForAll long seed) {
        int m = Math.min(mRaw, n);
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(seed);
            ResidualProjectionNet net = ResidualProjectionNet.encoder(scope, ResidualProjectionNet.encoderWidths(n, m),
                    5, blocks, rng);
            perturb(net, rng);
            NDArray x = random(scope, rng, new Shape(4, n));
            ResidualProjectionNet.Linearized lin = net.linearize(x);
            assertArrayEquals(net.apply(x).toFloatArray(), lin.value().toFloatArray(), 1e-6f, "value");
            assertEquals(new Shape(4, m, n), lin.jacobian().getShape());
            double[][][] expected = Jacobians.of(net::apply, x, m);
            float[] actual = lin.jacobian().toFloatArray();
            for (int b = 0; b < 4; b++) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        assertEquals(expected[b][i][j], actual[(b * m + i) * n + j], 1e-4,
                                "J[" + b + "][" + i + "][" + j + "]");
                    }
                }
            }
        }
    }

    /**
     * Finite differences, independent of autograd: the columns of J are the directional derivatives of f along the
     * coordinate axes (central differences, at a fixed point and step that cross no ReLU's kink).
     */
    @Example
    void jacobianMatchesFiniteDifferences() {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(11);
            int n = 6;
            int m = 3;
            ResidualProjectionNet net = ResidualProjectionNet.encoder(scope, new int[] {n, 5, m}, 8, 2, rng);
            perturb(net, rng);
            float[] x = random(scope, rng, new Shape(1, n)).toFloatArray();
            float[] jac = net.linearize(Host.array(scope, x, new Shape(1, n))).jacobian().toFloatArray();
            // Small enough that no ReLU switches within ±h at this fixed point (at 1e-2 some do), large enough
            // for float32.
            double h = 1e-3;
            for (int j = 0; j < n; j++) {
                float[] up = x.clone();
                float[] down = x.clone();
                up[j] += (float) h;
                down[j] -= (float) h;
                float[] fu = net.apply(Host.array(scope, up, new Shape(1, n))).toFloatArray();
                float[] fd = net.apply(Host.array(scope, down, new Shape(1, n))).toFloatArray();
                for (int i = 0; i < m; i++) {
                    assertEquals((fu[i] - fd[i]) / (2 * h), jac[i * n + j], 5e-3, "J[" + i + "][" + j + "]");
                }
            }
        }
    }

    /** Appendix C: identity residual blocks and orthonormal projections make a fresh decoder invert a fresh encoder. */
    @Example
    void freshDecoderInvertsFreshEncoderOnTheLatentSide() {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(3);
            ResidualProjectionNet encoder = ResidualProjectionNet.encoder(scope,
                    ResidualProjectionNet.encoderWidths(40, 4), 16, 2, rng);
            ResidualProjectionNet decoder = encoder.mirroredDecoder(scope, 16, rng);
            assertEquals(4, decoder.in());
            assertEquals(40, decoder.out());
            NDArray z = random(scope, rng, new Shape(5, 4));
            assertArrayEquals(z.toFloatArray(), encoder.apply(decoder.apply(z)).toFloatArray(), 1e-5f);
        }
    }

    /** Residual blocks alone keep the width and start as the identity (appendix C), the paper's decoder beside NICE. */
    @Example
    void residualStackStartsAsTheIdentity() {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(8);
            ResidualProjectionNet net = ResidualProjectionNet.residual(scope, 6, 10, 2, rng);
            NDArray x = random(scope, rng, new Shape(3, 6));
            assertArrayEquals(x.toFloatArray(), net.apply(x).toFloatArray(), 0f);
            perturb(net, rng);
            double[][][] expected = Jacobians.of(net::apply, x);
            float[] actual = net.linearize(x).jacobian().toFloatArray();
            for (int i = 0; i < actual.length; i++) {
                assertEquals(expected[i / 36][i / 6 % 6][i % 6], actual[i], 1e-4, "J entry " + i);
            }
            assertThrows(InvalidSettingException.class, () -> ResidualProjectionNet.residual(scope, 6, 10, 0, rng));
        }
    }

    @Example
    void orthonormalRowsOrColumns() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int[] shape : new int[][] {{3, 7}, {7, 3}, {4, 4}}) {
            int rows = shape[0];
            int cols = shape[1];
            float[] w = ResidualProjectionNet.orthonormal(rows, cols, rng);
            boolean byRows = rows <= cols;
            int count = Math.min(rows, cols);
            for (int a = 0; a < count; a++) {
                for (int b = 0; b < count; b++) {
                    double dot = 0;
                    for (int k = 0; k < Math.max(rows, cols); k++) {
                        dot += byRows ? w[a * cols + k] * w[b * cols + k] : w[k * cols + a] * w[k * cols + b];
                    }
                    assertEquals(a == b ? 1 : 0, dot, 1e-6, rows + "x" + cols + " vectors " + a + ", " + b);
                }
            }
        }
    }

    @Example
    void paperWidthsNarrowTowardsTheLatents() {
        assertArrayEquals(new int[] {784, 256, 128, 64, 32}, ResidualProjectionNet.encoderWidths(784, 32));
        assertArrayEquals(new int[] {784, 784, 512, 256, 128}, ResidualProjectionNet.encoderWidths(784, 128));
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ResidualProjectionNet.encoderWidths(784, 0));
        assertEquals("latent", e.setting());
    }

    @Example
    void parametersAreNamedByLayer() {
        try (NDManager scope = manager.newSubManager()) {
            ResidualProjectionNet net = ResidualProjectionNet.encoder(scope, new int[] {6, 2}, 4, 1,
                    new SplittableRandom(1));
            assertEquals(java.util.List.of("0.w0", "0.b0", "0.w1", "0.b1", "0.w2", "0.b2", "1.w"),
                    java.util.List.copyOf(net.parameters().keySet()));
        }
    }

    /** Random values in every parameter: the appendix C initialisation would make residual blocks identities. */
    static void perturb(ResidualProjectionNet net, SplittableRandom rng) {
        for (NDArray p : net.parameters().values()) {
            try (NDArray noise = random(p.getManager(), rng, p.getShape())) {
                p.addi(noise.mul(0.5));
            }
        }
    }

    static NDArray random(NDManager scope, SplittableRandom rng, Shape shape) {
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextDouble(-1, 1);
        }
        return Host.array(scope, v, shape);
    }
}
