package org.nice4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nice4j.Engines;

class WeightAverageTest {

    @Test
    void theAverageFollowsItsDecayFromTheFirstStepsWeights() {
        try (NDManager manager = Engines.cpu()) {
            NDArray w = manager.create(new float[] {1, -2});
            WeightAverage average = new WeightAverage(Map.of("w", w), 0.5);
            average.update(1); // the first step's weights, as they are
            w.muli(0).addi(manager.create(new float[] {3, 2}));
            average.update(2); // keep min(0.5, 3/12) = 0.25
            double[] expected = {0.25 * 1 + 0.75 * 3, 0.25 * -2 + 0.75 * 2};
            float[] got = average.state().get("w").toFloatArray();
            assertEquals(expected[0], got[0], 1e-6);
            assertEquals(expected[1], got[1], 1e-6);
            w.muli(0).addi(manager.create(new float[] {5, 6}));
            average.update(100); // keep min(0.5, 101/110) = 0.5
            assertEquals(0.5 * expected[0] + 0.5 * 5, average.state().get("w").toFloatArray()[0], 1e-6);
        }
    }

    /**
     * The fold is the engine's vectorised lerp: on an array longer than any vector or thread block, with a ragged end,
     * it equals a + (1 − keep)·(θ − a) in float32 up to two ulps of the larger operand: the engine may fuse the multiply
     * and the add, and for a weight 1 − keep of a half or more (the first steps, as here) it computes θ − (θ − a)·keep,
     * whose roundings are those of θ's size even where the result is near zero.
     */
    @Test
    void theFoldEqualsTheFormulaInFloat32OnRaggedArrays() {
        Random random = new Random(5);
        int n = 2 * 131_072 + 17;
        try (NDManager manager = Engines.cpu()) {
            float[] first = gaussian(random, n);
            NDArray w = manager.create(first);
            WeightAverage average = new WeightAverage(Map.of("w", w), 0.999);
            average.update(1);
            float[] second = gaussian(random, n);
            w.muli(0).addi(manager.create(second));
            average.update(2);
            float rest = (float) (1 - Math.min(0.999, 3.0 / 12.0));
            float[] got = average.state().get("w").toFloatArray();
            for (int i = 0; i < n; i++) {
                float expected = first[i] + (second[i] - first[i]) * rest;
                float operand = Math.max(Math.abs(first[i]), Math.abs(second[i]));
                assertEquals(expected, got[i], 2 * Math.ulp(operand), "element " + i);
            }
        }
    }

    private static float[] gaussian(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    @Test
    void swappingTwiceRestoresTheRawWeightsExactly() {
        try (NDManager manager = Engines.cpu()) {
            NDArray w = manager.randomNormal(new Shape(50));
            Map<String, NDArray> parameters = new LinkedHashMap<>(Map.of("w", w));
            WeightAverage average = new WeightAverage(parameters, 0.9);
            average.update(1);
            w.addi(manager.randomNormal(new Shape(50)));
            average.update(2);
            float[] raw = w.toFloatArray();
            float[] averaged = average.state().get("w").toFloatArray();
            average.swap();
            assertArrayEquals(averaged, w.toFloatArray(), 0f, "the averaged weights in place");
            average.swap();
            assertArrayEquals(raw, w.toFloatArray(), 0f, "the raw weights back");
            assertArrayEquals(averaged, average.state().get("w").toFloatArray(), 0f);
        }
    }

    @Test
    void noDecayMeansNoAverage() {
        try (NDManager manager = Engines.cpu()) {
            NDArray w = manager.create(new float[] {1, 2});
            WeightAverage none = new WeightAverage(Map.of("w", w), 0);
            none.update(1);
            none.swap();
            assertTrue(none.state().isEmpty());
            assertArrayEquals(new float[] {1, 2}, w.toFloatArray(), 0f);
        }
    }
}
