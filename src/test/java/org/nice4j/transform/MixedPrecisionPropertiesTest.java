package org.nice4j.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.nice4j.Engines;
import org.nice4j.ImageShape;
import org.nice4j.Jacobians;
import org.nice4j.engine.Autocast;
import org.nice4j.engine.Precision;
import org.nice4j.nn.ConvNet;
import org.nice4j.nn.CouplingNetwork;
import org.nice4j.nn.Init;
import org.nice4j.nn.Mlp;

/**
 * The transform properties with the coupling networks' products in bfloat16 ({@link Autocast} to
 * {@link Precision#BF16}), under the same tolerances as in float32, which hold for these reasons:
 * <ul>
 * <li>Inverse: bfloat16 changes only the network's output m(x₁) (t, and s for scaled couplings). The network sees the
 * same x₁ in both directions and gives the same output for the same input, bit for bit, so the coupling's own float32
 * arithmetic is all that rounds: {@link TransformPropertiesTest#assertInverts}'s bound applies unchanged.</li>
 * <li>Log-determinant of one coupling: its Jacobian is block-triangular, with the identity and diag(e^s) (computed in
 * float32 from the same s the coupling reports) on the diagonal; the off-diagonal block ∂y₂/∂x₁, which autograd
 * computes through bfloat16 products, does not enter the determinant, so the float32 comparison at 1e-3 holds.</li>
 * <li>Log-determinant of a composition: the product of Jacobians mixes those bfloat16 off-diagonal blocks into the
 * whole matrix (relative errors of 2^-8 in log|det J| of the product), so the reference is the sum of the steps'
 * log-determinants, each from its own block-triangular Jacobian at its own input: det(J_k⋯J_1) = ∏ det(J_i).</li>
 * </ul>
 * Each property also checks that the networks did compute in bfloat16 (their output differs from float32's).
 */
class MixedPrecisionPropertiesTest {
    private static final NDManager manager = Engines.shared();

    @Property(tries = 15)
    void additiveCouplingInvertsExactlyWithUnitDeterminant(@ForAll @IntRange(min = 2, max = 9) int dimension,
            @ForAll @IntRange(min = 0, max = 2) int partitionKind, @ForAll @IntRange(min = 0, max = 1) int parity,
            @ForAll @IntRange(min = 0, max = 2) int depth, @ForAll long seed) {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(seed);
            Partition p = TransformPropertiesTest.randomPartition(dimension, partitionKind, parity, rng);
            CouplingNetwork.Factory nets = Mlp.factory(scope, 7, depth, Init.HE, 0, false, rng);
            checkInBfloat16(new AdditiveCoupling(p, nets), scope, dimension, rng);
        }
    }

    @Property(tries = 15)
    void affineCouplingInvertsExactlyAndLogDetIsSumOfLogScales(@ForAll @IntRange(min = 2, max = 9) int dimension,
            @ForAll @IntRange(min = 0, max = 2) int partitionKind, @ForAll @IntRange(min = 0, max = 1) int parity,
            @ForAll @IntRange(min = 0, max = 2) int depth, @ForAll @IntRange(min = 0, max = 3) int clamp,
            @ForAll long seed) {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(seed);
            Partition p = TransformPropertiesTest.randomPartition(dimension, partitionKind, parity, rng);
            CouplingNetwork.Factory nets = Mlp.factory(scope, 7, depth, Init.HE, 0, false, rng);
            checkInBfloat16(new AffineCoupling(p, nets, clamp), scope, dimension, rng);
        }
    }

    @Property(tries = 10)
    void ginCouplingStaysVolumePreserving(@ForAll @IntRange(min = 2, max = 10) int dimension,
            @ForAll @IntRange(min = 0, max = 3) int clamp, @ForAll long seed) {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(seed);
            GinCoupling t = new GinCoupling(Partition.halves(dimension, 0),
                    Mlp.factory(scope, 7, 2, Init.HE, 0, false, rng), clamp);
            try (Autocast cast = Autocast.to(Precision.BF16)) {
                NDArray x = TransformPropertiesTest.randomArray(scope, rng, new Shape(4, dimension), 2.0);
                for (float logDet : t.forward(x).logDet().toFloatArray()) {
                    assertEquals(0f, logDet, "GIN log-det is exactly 0");
                }
            }
            checkInBfloat16(t, scope, dimension, rng);
        }
    }

    @Property(tries = 8)
    void ginConvCouplingInvertsExactly(@ForAll @IntRange(min = 2, max = 4) int channels,
            @ForAll @IntRange(min = 2, max = 4) int side, @ForAll long seed) {
        ImageShape shape = new ImageShape(channels, side, side);
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(seed);
            CouplingNetwork.Factory nets = ConvNet.factory(scope, side, side, new int[] {5}, Init.HE, 0, false, rng);
            checkInBfloat16(new GinCoupling(Partition.channelHalves(shape, 0), nets, 2), scope, shape.size(), rng);
        }
    }

    @Property(tries = 10)
    void compositionLogDetIsTheSumOfItsStepsLogDets(@ForAll @IntRange(min = 2, max = 8) int dimension,
            @ForAll @IntRange(min = 1, max = 4) int couplings, @ForAll long seed) {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(seed);
            List<Transform> steps = new ArrayList<>();
            for (int i = 0; i < couplings; i++) {
                steps.add(new AffineCoupling(Partition.oddEven(dimension, i % 2),
                        Mlp.factory(scope, 6, 2, Init.UNIFORM, 0.5, false, rng), 2));
            }
            DiagonalScaling s = new DiagonalScaling(scope, dimension);
            s.logScale().addi(TransformPropertiesTest.randomArray(scope, rng, new Shape(dimension), 1.0));
            steps.add(s);
            Composite flow = new Composite(steps);
            NDArray x = TransformPropertiesTest.randomArray(scope, rng, new Shape(4, dimension), 2.0);
            try (Autocast cast = Autocast.to(Precision.BF16)) {
                float[] reported = flow.forward(x).logDet().toFloatArray();
                double[] reference = new double[reported.length];
                NDArray z = x;
                for (Transform step : steps) {
                    double[][][] jac = Jacobians.of(v -> step.forward(v).value(), z);
                    for (int n = 0; n < jac.length; n++) {
                        reference[n] += Jacobians.logAbsDet(jac[n]);
                    }
                    z = step.forward(z).value();
                }
                for (int n = 0; n < reported.length; n++) {
                    assertEquals(reference[n], reported[n], 1e-3, "log|det J| of example " + n);
                }
                TransformPropertiesTest.assertInverts(flow, x, flow.inverse(flow.forward(x).value()).value());
            }
        }
    }

    /**
     * {@link TransformPropertiesTest#check} with the products in bfloat16, after making sure the coupling's output
     * differs from the float32 one (its networks really ran in bfloat16).
     */
    private static void checkInBfloat16(Transform t, NDManager scope, int dimension, SplittableRandom rng) {
        NDArray probe = TransformPropertiesTest.randomArray(scope, rng, new Shape(4, dimension), 2.0);
        float[] float32 = t.forward(probe).value().toFloatArray();
        try (Autocast cast = Autocast.to(Precision.BF16)) {
            float[] bfloat16 = t.forward(probe).value().toFloatArray();
            assertTrue(!Arrays.equals(float32, bfloat16), "the networks' products were not rounded to bfloat16");
            TransformPropertiesTest.check(t, scope, dimension, rng);
        }
    }
}
