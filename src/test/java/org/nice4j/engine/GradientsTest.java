package org.nice4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nice4j.Engines;

/** The engine's gradient handed over as fresh arrays, against the derivative by hand and against backward(). */
class GradientsTest {

    @Test
    void givesTheDerivativeZeroForAnUnusedParameterAndLeavesNoAccumulatedGradient() {
        try (NDManager m = Engines.cpu()) {
            NDArray a = m.create(new float[] {1f, -2f, 0.5f});
            NDArray b = m.create(new float[] {3f, 4f});
            NDArray unused = m.create(new float[] {7f});
            for (NDArray p : List.of(a, b, unused)) {
                p.setRequiresGradient(true);
            }
            NDArray loss;
            try (GradientCollector recording = Engine.getEngine("PyTorch").newGradientCollector()) {
                loss = a.square().mul(3).sum().add(a.sum().mul(b.prod())); // 3·Σa² + Σa·Πb
            }
            NDArray[] g = Gradients.of(loss, List.of(a, b, unused));
            float sumA = 1f - 2f + 0.5f;
            assertArrayEquals(new float[] {6f * 1 + 12, 6f * -2 + 12, 6f * 0.5f + 12}, g[0].toFloatArray(), 1e-5f);
            assertArrayEquals(new float[] {sumA * 4, sumA * 3}, g[1].toFloatArray(), 1e-5f);
            assertArrayEquals(new float[] {0f}, g[2].toFloatArray(), 0f, "a parameter the loss does not read");
            assertEquals(a.getShape(), g[0].getShape());
            for (NDArray p : List.of(a, b, unused)) {
                // the buffers backward() would have filled stay empty: nothing to zero before the next step
                assertFalse(hasAccumulated(p), "gradient accumulated in a parameter's buffer");
            }
        }
    }

    /** Whether the parameter's gradient buffer holds anything but zeros (DJL reads an undefined one as zeros). */
    private static boolean hasAccumulated(NDArray p) {
        try (NDArray g = p.getGradient()) {
            return g.abs().sum().getFloat() != 0f;
        }
    }
}
