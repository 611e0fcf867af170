package org.nice4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BinarizerTest {
    private static final int PIXELS = 256;

    /** One image whose 256 pixels take every grey level once. */
    private static ImageDataset ramp() {
        byte[] pixels = new byte[PIXELS];
        for (int j = 0; j < PIXELS; j++) {
            pixels[j] = (byte) j;
        }
        return new ImageDataset("ramp", 16, 16, pixels, null);
    }

    @Test
    void everyPixelIsOneAsOftenAsItsIntensity() {
        ImageDataset image = ramp();
        Binarizer binarizer = new Binarizer();
        int draws = 20_000;
        double[] ones = new double[PIXELS];
        SplittableRandom rng = new SplittableRandom(3);
        for (int t = 0; t < draws; t++) {
            float[] row = binarizer.batch(image, new int[] {0}, rng);
            for (int j = 0; j < PIXELS; j++) {
                assertTrue(row[j] == 0f || row[j] == 1f, "binary values only");
                ones[j] += row[j];
            }
        }
        for (int j = 0; j < PIXELS; j++) {
            double p = j / 255.0;
            double sd = Math.sqrt(p * (1 - p) / draws);
            assertEquals(p, ones[j] / draws, 5 * sd + 1e-12, "pixel level " + j);
        }
    }

    @Test
    void trainingDrawsAfreshAndEvaluationIsFixedPerExample() {
        ImageDataset images = new ImageDataset("two", 16, 16, concat(ramp(), ramp()), null);
        Binarizer binarizer = new Binarizer();
        float[] a = binarizer.batch(images, new int[] {0}, new SplittableRandom(1));
        float[] b = binarizer.batch(images, new int[] {0}, new SplittableRandom(2));
        assertNotEquals(Arrays.toString(a), Arrays.toString(b), "fresh draws per minibatch");
        float[] both = binarizer.evaluationBatch(images, new int[] {0, 1}, 0);
        float[] second = binarizer.evaluationBatch(images, new int[] {1}, 0);
        assertArrayEquals(Arrays.copyOfRange(both, PIXELS, 2 * PIXELS), second,
                "an example's evaluation draw does not depend on its batch");
        assertArrayEquals(second, binarizer.evaluationBatch(images, new int[] {1}, 0), "and is fixed");
        assertArrayEquals(second, binarizer.evaluationBatch(images.slice(1, 2), new int[] {0}, 1),
                "a chunk of a file draws as the whole file does");
        assertNotEquals(Arrays.toString(Arrays.copyOf(both, PIXELS)),
                Arrays.toString(second), "identical images get their own draws");
    }

    private static byte[] concat(ImageDataset a, ImageDataset b) {
        byte[] out = new byte[2 * PIXELS];
        System.arraycopy(a.pixels(), 0, out, 0, PIXELS);
        System.arraycopy(b.pixels(), 0, out, PIXELS, PIXELS);
        return out;
    }
}
