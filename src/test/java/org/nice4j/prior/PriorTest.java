package org.nice4j.prior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nice4j.Engines;
import org.nice4j.InvalidSettingException;
import org.nice4j.data.Condition;

class PriorTest {
    private static final NDManager manager = Engines.shared();
    /** float32's machine epsilon, 2^-23. */
    private static final double EPS = Math.ulp(1f);
    /** Units in the last place that float32 evaluation of a closed form may be off by. */
    private static final double ULPS = 4;

    @Test
    void logisticMatchesClosedFormAndStaysFiniteInTheTails() {
        float[] h = {-200f, -30f, -2.5f, -0.1f, 0f, 0.7f, 3f, 50f, 200f};
        LogisticPrior prior = new LogisticPrior();
        // One value per row as well as all in one: in a sum dominated by the ±200 tails an error in a central term
        // would hide below the sum's own rounding.
        float[] each = prior.logProb(manager.create(h).reshape(h.length, 1), Condition.NONE).toFloatArray();
        float[] summed = prior.logProb(manager.create(h).reshape(1, h.length), Condition.NONE).toFloatArray();
        double expectedSum = 0;
        double magnitude = 0;
        for (int i = 0; i < h.length; i++) {
            double a = Math.abs(h[i]);
            double expected = -a - 2 * Math.log1p(Math.exp(-a)); // log e^{-h}/(1+e^{-h})², symmetric in h
            assertEquals(expected, each[i], ULPS * Math.ulp((float) expected), "log p(" + h[i] + ")");
            expectedSum += expected;
            magnitude += Math.abs(expected);
        }
        // Each term's rounding, and each addition's, is relative to at most the sum of the magnitudes.
        assertEquals(expectedSum, summed[0], ULPS * EPS * magnitude, "log p summed over dimensions");
    }

    @Test
    void normalMatchesClosedForm() {
        float[] h = {-3f, -0.5f, 0f, 1.25f, 4f};
        float[] lp = new NormalPrior().logProb(manager.create(h).reshape(1, h.length), Condition.NONE).toFloatArray();
        double expected = 0;
        for (float v : h) {
            expected += -0.5 * v * v - 0.5 * Math.log(2 * Math.PI);
        }
        assertEquals(expected, lp[0], 1e-4);
    }

    @Test
    void logisticSamplesHaveTheRightMoments() {
        double[] m = moments(new LogisticPrior(), 1.0);
        assertEquals(0, m[0], 0.02);
        assertEquals(Math.PI * Math.PI / 3, m[1], 0.06);
    }

    @Test
    void normalSamplesHaveTheRightMomentsAndTemperatureScales() {
        double[] m = moments(new NormalPrior(), 1.0);
        assertEquals(0, m[0], 0.01);
        assertEquals(1, m[1], 0.02);
        assertEquals(0.25, moments(new NormalPrior(), 0.5)[1], 0.01);
    }

    @Test
    void samplingIsDeterministicUnderASeed() {
        float[] a = new LogisticPrior().sample(manager, 3, 4, 1.0, new SplittableRandom(7), Condition.NONE).toFloatArray();
        float[] b = new LogisticPrior().sample(manager, 3, 4, 1.0, new SplittableRandom(7), Condition.NONE).toFloatArray();
        assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
    }

    @Test
    void unknownPriorIsAUsageError() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> PriorKind.parse("cauchy"));
        assertEquals("prior", e.setting());
    }

    private static double[] moments(Prior prior, double temperature) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray s = prior.sample(scope, 20_000, 10, temperature, new SplittableRandom(1), Condition.NONE);
            float[] v = s.toFloatArray();
            double mean = 0;
            for (float x : v) {
                mean += x;
            }
            mean /= v.length;
            double var = 0;
            for (float x : v) {
                var += (x - mean) * (x - mean);
            }
            return new double[] {mean, var / v.length};
        }
    }
}
