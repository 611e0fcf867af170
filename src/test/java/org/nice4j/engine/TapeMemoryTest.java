package org.nice4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nice4j.data.ToyDensities;
import org.nice4j.model.CouplingKind;
import org.nice4j.model.FlowModel;
import org.nice4j.model.ModelConfig;
import org.nice4j.model.NetworkConfig;
import org.nice4j.model.PartitionKind;
import org.nice4j.model.Preprocessing;
import org.nice4j.nn.Init;
import org.nice4j.prior.PriorKind;

/**
 * Gradients must not depend on garbage collection between the forward and the backward pass: every constant the
 * autograd tape keeps (scalars, indices, inputs) has to live in memory the engine owns.
 */
class TapeMemoryTest {

    @Test
    void gradientsSurviveCollectionBetweenForwardAndBackward() {
        // Affine couplings with a clamp, odd-even gathers, permutations, scaling and a normal prior.
        ModelConfig config = new ModelConfig(CouplingKind.AFFINE, 4, PartitionKind.ODD_EVEN, new NetworkConfig(8, 1, Init.HE, 0, false), true,
                PriorKind.NORMAL, 2, 7L);
        Map<String, float[]> calm = gradients(config, false);
        Map<String, float[]> stressed = gradients(config, true);
        calm.forEach((name, g) -> assertArrayEquals(g, stressed.get(name), 0f, name));
    }

    private static Map<String, float[]> gradients(ModelConfig config, boolean collectBeforeBackward) {
        try (FlowModel model = FlowModel.create(config, Preprocessing.continuous(6), Device.cpu(), 3);
                NDManager scope = model.manager().newSubManager()) {
            float[] rows = new float[16 * 6];
            System.arraycopy(ToyDensities.twoMoons(48, 0.1, 1), 0, rows, 0, rows.length);
            NDArray x = Host.array(scope, rows, new Shape(16, 6));
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray loss = model.logProb(x).mean().neg();
                if (collectBeforeBackward) {
                    FreedMemory.overwrite(3);
                }
                gc.backward(loss);
            }
            Map<String, float[]> out = new LinkedHashMap<>();
            model.parameters().forEach((name, p) -> {
                try (NDArray g = p.getGradient()) {
                    out.put(name, g.toFloatArray());
                }
            });
            return out;
        }
    }
}
