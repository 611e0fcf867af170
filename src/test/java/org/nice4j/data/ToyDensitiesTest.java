package org.nice4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nice4j.InvalidSettingException;

class ToyDensitiesTest {

    @Test
    void twoMoonsAreStandardised() {
        for (double noise : new double[] {0.0, 0.1, 0.3}) {
            float[] points = ToyDensities.twoMoons(40_000, noise, 11);

            assertEquals(80_000, points.length);
            for (int axis = 0; axis < 2; axis++) {
                double sum = 0;
                double sumSquares = 0;
                for (int i = axis; i < points.length; i += 2) {
                    sum += points[i];
                    sumSquares += points[i] * points[i];
                }
                double mean = sum / 40_000;
                assertEquals(0, mean, 0.02, "mean of axis " + axis + " at noise " + noise);
                assertEquals(1, sumSquares / 40_000 - mean * mean, 0.03, "variance of axis " + axis);
            }
        }
    }

    @Test
    void noiselessPointsLieOnTheTwoHalfCircles() {
        float[] points = ToyDensities.twoMoons(1000, 0, 5);
        double scaleX = Math.sqrt(0.75);
        double scaleY = Math.sqrt(0.5 - 4 / (Math.PI * Math.PI) + Math.pow((4 / Math.PI - 0.5) / 2, 2));
        for (int i = 0; i < 1000; i++) {
            double x = points[2 * i] * scaleX + 0.5;
            double y = points[2 * i + 1] * scaleY + 0.25;
            boolean upper = i % 2 == 0;
            double cx = upper ? 0 : 1;
            double cy = upper ? 0 : 0.5;
            assertEquals(1, Math.hypot(x - cx, y - cy), 1e-5, "point " + i);
            assertTrue(upper ? y >= -1e-6 : y <= 0.5 + 1e-6, "point " + i + " is on the wrong half");
        }
    }

    @Test
    void sameSeedSamePoints() {
        assertArrayEquals(ToyDensities.twoMoons(50, 0.1, 9), ToyDensities.twoMoons(50, 0.1, 9));
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThrows(InvalidSettingException.class, () -> ToyDensities.twoMoons(0, 0.1, 1));
        assertThrows(InvalidSettingException.class, () -> ToyDensities.twoMoons(10, -0.1, 1));
        assertThrows(InvalidSettingException.class, () -> ToyDensities.twoMoons(10, Double.NaN, 1));
    }
}
