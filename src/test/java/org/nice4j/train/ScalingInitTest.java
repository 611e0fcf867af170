package org.nice4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nice4j.InvalidSettingException;
import org.nice4j.Seeds;
import org.nice4j.data.ContinuousExamples;
import org.nice4j.data.ToyDensities;
import org.nice4j.engine.Host;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Presets;

class ScalingInitTest {
    private static final ContinuousExamples MOONS = new ContinuousExamples(ToyDensities.twoMoons(400, 0.05, 1), 2);

    @Test
    void theInitialisingBatchLeavesTheScalingLayerWithThePriorsSpread() {
        try (FlowModel model = FlowModel.create(Presets.get("nice-toy"), Device.cpu(), 3);
                NDManager scope = model.manager().newSubManager()) {
            ScalingInit.fromData(model, MOONS, 300, 9);
            float[] rows = MOONS.batch(IntStream.range(0, 300).toArray(), new SplittableRandom(Seeds.mix(9, 0x5ca1e)));
            NDArray h = model.encode(Host.array(scope, rows, new Shape(300, 2)));
            float[] std = h.sub(h.mean(new int[] {0}, true)).square().mean(new int[] {0}).sqrt().toFloatArray();
            double target = model.prior().coordinateStd().orElseThrow(); // nice-toy's normal prior: 1
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

    @Test
    void aFlowWithoutAScalingLayerIsRefused() {
        try (FlowModel gin = FlowModel.create(Presets.get("gin-mnist"), Device.cpu(), 0)) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> ScalingInit.fromData(gin, MOONS, 10, 0));
            assertEquals("initExamples", e.setting());
        }
    }
}
