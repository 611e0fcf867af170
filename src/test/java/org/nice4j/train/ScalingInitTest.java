package org.nice4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nice4j.InvalidSettingException;
import org.nice4j.Seeds;
import org.nice4j.data.ContinuousExamples;
import org.nice4j.data.ToyDensities;
import org.nice4j.engine.Host;
import org.nice4j.model.FlowModel;
import org.nice4j.model.ModelConfig;
import org.nice4j.model.NetworkConfig;
import org.nice4j.model.Preprocessing;
import org.nice4j.model.Presets;
import org.nice4j.nn.Init;

class ScalingInitTest {
    private static final ContinuousExamples MOONS = new ContinuousExamples(ToyDensities.twoMoons(400, 0.05, 1), 2);

    /** nice-toy (additive couplings, normal prior) and realnvp-mnist's layout (affine couplings, logistic prior). */
    static List<FlowModel> families() {
        ModelConfig realNvp = Presets.get("realnvp-mnist").flow()
                .withNetwork(new NetworkConfig(16, 2, Init.UNIFORM, 0.01, true));
        return List.of(FlowModel.create(Presets.get("nice-toy"), Device.cpu(), 3),
                FlowModel.create(realNvp, Preprocessing.continuous(2), Device.cpu(), 3));
    }

    @ParameterizedTest
    @MethodSource("families")
    void theInitialisingBatchLeavesTheScalingLayerWithThePriorsSpread(FlowModel family) {
        try (FlowModel model = family; NDManager scope = model.manager().newSubManager()) {
            assertTrue(model.transform().startsFromData());
            ScalingInit.fromData(model, MOONS, 300, 9);
            float[] rows = MOONS.batch(IntStream.range(0, 300).toArray(), new SplittableRandom(Seeds.mix(9, 0x5ca1e)));
            NDArray h = model.encode(Host.array(scope, rows, new Shape(300, 2)));
            float[] std = h.sub(h.mean(new int[] {0}, true)).square().mean(new int[] {0}).sqrt().toFloatArray();
            double target = model.prior().coordinateStd().orElseThrow(); // normal: 1, logistic: π/√3
            for (int d = 0; d < std.length; d++) {
                assertEquals(target, std[d], 1e-4 * target, "spread of latent dimension " + d);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameScales() {
        try (FlowModel a = FlowModel.create(Presets.get("nice-toy"), Device.cpu(), 3);
                FlowModel b = FlowModel.create(Presets.get("nice-toy"), Device.cpu(), 3)) {
            ScalingInit.fromData(a, MOONS, 300, 9);
            ScalingInit.fromData(b, MOONS, 300, 9);
            assertArrayEquals(a.scaling().orElseThrow().logScale().toFloatArray(),
                    b.scaling().orElseThrow().logScale().toFloatArray());
        }
    }

    /**
     * GIN is volume-preserving by design: nothing in it may set a spread. The role is its prior's: the class-conditional
     * Gaussian's moments come from each minibatch, so it fits the data from the first step without a start.
     */
    @Test
    void aFlowWithoutAScalingLayerIsRefused() {
        try (FlowModel gin = FlowModel.create(Presets.get("gin-mnist"), Device.cpu(), 0)) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> ScalingInit.fromData(gin, new ContinuousExamples(new float[10 * 784], 784), 10, 0));
            assertEquals("initExamples", e.setting());
            assertFalse(gin.transform().startsFromData());
        }
    }
}
