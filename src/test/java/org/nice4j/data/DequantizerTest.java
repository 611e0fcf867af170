package org.nice4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.nice4j.InvalidSettingException;

class DequantizerTest {

    /** 256 one-row images of 4 pixels; example {@code i} has pixels {@code i, 255-i, 0, 255}. */
    private static final ImageDataset ALL_GREYS = allGreys();

    @Property(tries = 100)
    void valuesLieInTheirPixelsInterval(@ForAll long seed, @ForAll @IntRange(min = 2, max = 256) int levels) {
        int[] indices = {0, 1, 17, 128, 254, 255};
        Dequantizer dequantizer = new Dequantizer(levels);

        float[] x = dequantizer.batch(ALL_GREYS, indices, new SplittableRandom(seed));

        assertEquals(indices.length * 4, x.length);
        for (int b = 0; b < indices.length; b++) {
            for (int d = 0; d < 4; d++) {
                int level = ALL_GREYS.pixel(indices[b], d) * levels / 256;
                float value = x[b * 4 + d];
                assertTrue(value >= (float) level / levels && value < (float) (level + 1) / levels,
                        "pixel level " + level + " of " + levels + " gave " + value);
            }
        }
    }

    @Test
    void sameSeedGivesSameValues() {
        int[] indices = {3, 1, 4, 1, 5};
        Dequantizer dequantizer = new Dequantizer();

        float[] first = dequantizer.batch(ALL_GREYS, indices, new SplittableRandom(42));
        float[] second = dequantizer.batch(ALL_GREYS, indices, new SplittableRandom(42));
        float[] other = dequantizer.batch(ALL_GREYS, indices, new SplittableRandom(43));

        assertArrayEquals(first, second);
        assertFalse(Arrays.equals(first, other));
    }

    @Test
    void meanOfManyDrawsIsTheIntervalMidpoint() {
        Dequantizer dequantizer = new Dequantizer();
        int[] oneExample = {77};
        SplittableRandom rng = new SplittableRandom(7);
        int draws = 20_000;
        double[] sums = new double[4];
        for (int i = 0; i < draws; i++) {
            float[] x = dequantizer.batch(ALL_GREYS, oneExample, rng);
            for (int d = 0; d < 4; d++) {
                sums[d] += x[d];
            }
        }
        for (int d = 0; d < 4; d++) {
            double expected = (ALL_GREYS.pixel(77, d) + 0.5) / 256;
            // standard error of the mean: (1/256) * sqrt(1/12) / sqrt(20000) ≈ 8e-6
            assertEquals(expected, sums[d] / draws, 4e-5, "pixel " + d);
        }
    }

    @Test
    void evaluationNoiseDependsOnlyOnTheExample() {
        Dequantizer dequantizer = new Dequantizer();

        float[] batched = dequantizer.evaluationBatch(ALL_GREYS, new int[] {10, 11, 12});
        float[] single = dequantizer.evaluationBatch(ALL_GREYS, new int[] {11});
        float[] again = new Dequantizer().evaluationBatch(ALL_GREYS, new int[] {12, 10});

        assertArrayEquals(Arrays.copyOfRange(batched, 4, 8), single);
        assertArrayEquals(Arrays.copyOfRange(batched, 8, 12), Arrays.copyOfRange(again, 0, 4));
        assertArrayEquals(Arrays.copyOfRange(batched, 0, 4), Arrays.copyOfRange(again, 4, 8));
    }

    @Test
    void neighbouringExamplesGetUnrelatedEvaluationNoise() {
        int n = 256;
        float[] x = new Dequantizer().evaluationBatch(ALL_GREYS, IntStream.range(0, n).toArray());
        // Seeds spaced by SplittableRandom's increment would make example i+1's draws example i's shifted by one.
        int shiftedCopies = 0;
        for (int i = 0; i + 1 < n; i++) {
            if (Math.abs(noise(x, i + 1, 0) - noise(x, i, 1)) < 1e-4) {
                shiftedCopies++;
            }
        }
        assertTrue(shiftedCopies < 5, shiftedCopies + " of " + (n - 1) + " neighbours share shifted noise");
    }

    /** The uniform draw behind value {@code d} of example {@code i} in a batch of all examples in order. */
    private static double noise(float[] x, int i, int d) {
        return x[i * 4 + d] * 256.0 - ALL_GREYS.pixel(i, d);
    }

    @Property(tries = 50)
    void theSymmetricRangeIsTheUnitRangeStretchedOntoMinusOneToOne(@ForAll long seed) {
        int[] indices = IntStream.range(0, 256).toArray();
        float[] unit = new Dequantizer(256).batch(ALL_GREYS, indices, new SplittableRandom(seed));
        float[] symmetric = new Dequantizer(256, PixelRange.SYMMETRIC).batch(ALL_GREYS, indices,
                new SplittableRandom(seed));
        for (int i = 0; i < unit.length; i++) {
            int pixel = ALL_GREYS.pixel(i / 4, i % 4);
            assertEquals(2 * unit[i] - 1, symmetric[i], 1e-6);
            assertTrue(symmetric[i] >= pixel / 128.0 - 1 && symmetric[i] < (pixel + 1) / 128.0 - 1, symmetric[i] + "");
        }
    }

    @Test
    void aChunkScoredWithItsPlaceInTheFileGetsTheWholeFilesNoise() {
        Dequantizer dequantizer = new Dequantizer();
        float[] whole = dequantizer.evaluationBatch(ALL_GREYS, new int[] {200, 201, 202});
        float[] chunk = dequantizer.evaluationBatch(ALL_GREYS.slice(200, 203), new int[] {0, 1, 2}, 200);
        assertArrayEquals(whole, chunk);
    }

    @Test
    void levelsOutsideTheGreyScaleAreRejected() {
        assertThrows(InvalidSettingException.class, () -> new Dequantizer(1));
        assertThrows(InvalidSettingException.class, () -> new Dequantizer(257));
    }

    private static ImageDataset allGreys() {
        byte[] pixels = new byte[256 * 4];
        for (int i = 0; i < 256; i++) {
            pixels[4 * i] = (byte) i;
            pixels[4 * i + 1] = (byte) (255 - i);
            pixels[4 * i + 3] = (byte) 255;
        }
        return new ImageDataset("greys", 1, 4, pixels, null);
    }
}
