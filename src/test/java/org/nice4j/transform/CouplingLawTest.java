package org.nice4j.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.nice4j.Engines;
import org.nice4j.engine.Host;
import org.nice4j.nn.CouplingNetwork;
import org.nice4j.nn.Init;
import org.nice4j.nn.Mlp;

/**
 * Each coupling computes its paper's law, checked against its network evaluated directly on the key coordinates:
 * y₁ = x₁ bit for bit, and y₂ and log|det| from x₂ and the network's output as the law writes them. Invertibility
 * and log-determinant bookkeeping cannot show this: the identity, or a coupling that dropped its shift, has both.
 */
class CouplingLawTest {
    private static final NDManager manager = Engines.shared();
    /** float32's machine epsilon, 2^-23: expected values are computed in double from the same float32 inputs. */
    private static final double EPS = Math.ulp(1f);
    private static final int BATCH = 4;

    @Property(tries = 10)
    void additiveCouplingAddsTheNetworkToTheMessage(@ForAll @IntRange(min = 2, max = 9) int dimension,
            @ForAll @IntRange(min = 0, max = 2) int partitionKind, @ForAll @IntRange(min = 0, max = 1) int parity,
            @ForAll long seed) {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(seed);
            Partition p = TransformPropertiesTest.randomPartition(dimension, partitionKind, parity, rng);
            Recorded m = new Recorded(networks(scope, rng));
            Transform coupling = new AdditiveCoupling(p, m);
            float[][] x = Host.rows(TransformPropertiesTest.randomArray(scope, rng, new Shape(BATCH, dimension),
                    2.0));
            Transformed out = coupling.forward(Host.matrix(scope, x));
            float[][] y = Host.rows(out.value());
            float[][] shift = m.outputOn(scope, x, p.keyIndices());
            assertKeyPassesThrough(p, x, y);
            int[] message = p.messageIndices();
            for (int n = 0; n < BATCH; n++) {
                for (int i = 0; i < message.length; i++) {
                    float xi = x[n][message[i]];
                    assertEquals(xi + (double) shift[n][i], y[n][message[i]],
                            EPS * (Math.abs(xi) + Math.abs(shift[n][i])), "y₂ = x₂ + m(x₁), example " + n);
                }
                assertEquals(0f, out.logDet().toFloatArray()[n], "additive log-det is exactly 0");
            }
        }
    }

    @Property(tries = 10)
    void affineCouplingScalesAndShiftsTheMessage(@ForAll @IntRange(min = 2, max = 9) int dimension,
            @ForAll @IntRange(min = 0, max = 2) int partitionKind, @ForAll @IntRange(min = 0, max = 1) int parity,
            @ForAll @IntRange(min = 0, max = 3) int clamp, @ForAll long seed) {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(seed);
            Partition p = TransformPropertiesTest.randomPartition(dimension, partitionKind, parity, rng);
            Recorded net = new Recorded(networks(scope, rng));
            checkScaleShift(new AffineCoupling(p, net, clamp), p, net, clamp, true, false, scope, rng);
        }
    }

    @Property(tries = 10)
    void multiplicativeCouplingScalesTheMessage(@ForAll @IntRange(min = 2, max = 9) int dimension,
            @ForAll @IntRange(min = 0, max = 2) int partitionKind, @ForAll @IntRange(min = 0, max = 1) int parity,
            @ForAll @IntRange(min = 0, max = 3) int clamp, @ForAll long seed) {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(seed);
            Partition p = TransformPropertiesTest.randomPartition(dimension, partitionKind, parity, rng);
            Recorded net = new Recorded(networks(scope, rng));
            checkScaleShift(AffineCoupling.multiplicative(p, net, clamp), p, net, clamp, false, false, scope, rng);
        }
    }

    @Property(tries = 10)
    void ginCouplingScalesByMeanFreeLogScalesAndShifts(@ForAll @IntRange(min = 2, max = 9) int dimension,
            @ForAll @IntRange(min = 0, max = 2) int partitionKind, @ForAll @IntRange(min = 0, max = 1) int parity,
            @ForAll @IntRange(min = 0, max = 3) int clamp, @ForAll long seed) {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(seed);
            Partition p = TransformPropertiesTest.randomPartition(dimension, partitionKind, parity, rng);
            Recorded net = new Recorded(networks(scope, rng));
            checkScaleShift(new GinCoupling(p, net, clamp), p, net, clamp, true, true, scope, rng);
        }
    }

    /**
     * y₂ = x₂ ⊙ exp(s) + t and log|det| = Σ s, where the network's output on x₁ is |x₂| raw log-scales r (then |x₂|
     * shifts t when {@code shift}), s = c·tanh(r/c) for a clamp c > 0 (s = r for c = 0), and for GIN
     * ({@code meanFree}) s minus its mean, with log|det| exactly 0.
     */
    private static void checkScaleShift(Transform coupling, Partition p, Recorded net, double clamp, boolean shift,
            boolean meanFree, NDManager scope, SplittableRandom rng) {
        float[][] x = Host.rows(TransformPropertiesTest.randomArray(scope, rng,
                new Shape(BATCH, p.dimension()), 2.0));
        Transformed out = coupling.forward(Host.matrix(scope, x));
        float[][] y = Host.rows(out.value());
        float[] logDet = out.logDet().toFloatArray();
        float[][] raw = net.outputOn(scope, x, p.keyIndices());
        assertKeyPassesThrough(p, x, y);
        int[] message = p.messageIndices();
        int size = message.length;
        for (int n = 0; n < BATCH; n++) {
            double[] s = new double[size];
            double mean = 0;
            for (int i = 0; i < size; i++) {
                s[i] = clamp > 0 ? clamp * Math.tanh(raw[n][i] / clamp) : raw[n][i];
                mean += s[i] / size;
            }
            double sum = 0;
            double magnitude = 0;
            for (int i = 0; i < size; i++) {
                s[i] -= meanFree ? mean : 0;
                sum += s[i];
                magnitude += Math.abs(s[i]);
            }
            for (int i = 0; i < size; i++) {
                double scaled = x[n][message[i]] * Math.exp(s[i]);
                double t = shift ? raw[n][size + i] : 0;
                // float32 rounds exp(s) relative to 1 + |s| (s itself carries tanh's and the mean's rounding), the
                // product and the sum: a few eps of each term.
                double tolerance = 4 * EPS * (Math.abs(scaled) * (1 + magnitude) + Math.abs(t));
                assertEquals(scaled + t, y[n][message[i]], tolerance, "y₂ = x₂ ⊙ exp(s) + t, example " + n);
            }
            if (meanFree) {
                assertEquals(0f, logDet[n], "GIN log-det is exactly 0");
            } else {
                assertEquals(sum, logDet[n], 4 * EPS * (1 + magnitude), "log|det| = Σ s, example " + n);
            }
        }
    }

    private static void assertKeyPassesThrough(Partition p, float[][] x, float[][] y) {
        for (int n = 0; n < x.length; n++) {
            for (int k : p.keyIndices()) {
                assertEquals(Float.floatToRawIntBits(x[n][k]), Float.floatToRawIntBits(y[n][k]),
                        "y₁ = x₁ bit for bit, coordinate " + k);
            }
        }
    }

    /** He-initialised, no zeroed output layer: scales and shifts far from the identity's. */
    private static CouplingNetwork.Factory networks(NDManager scope, SplittableRandom rng) {
        return Mlp.factory(scope, 7, 2, Init.HE, 0, false, rng);
    }

    /** Keeps the network a coupling builds, so that the test can evaluate it on its own. */
    private static final class Recorded implements CouplingNetwork.Factory {
        private final CouplingNetwork.Factory factory;
        private CouplingNetwork network;

        Recorded(CouplingNetwork.Factory factory) {
            this.factory = factory;
        }

        @Override
        public CouplingNetwork create(int in, int out) {
            network = factory.create(in, out);
            return network;
        }

        /** The network's output on the given columns of x, gathered here rather than by {@link Partition}. */
        float[][] outputOn(NDManager scope, float[][] x, int[] columns) {
            float[][] key = new float[x.length][columns.length];
            for (int n = 0; n < x.length; n++) {
                for (int j = 0; j < columns.length; j++) {
                    key[n][j] = x[n][columns[j]];
                }
            }
            return Host.rows(network.apply(Host.matrix(scope, key)));
        }
    }
}
