package org.nice4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reads the genuine MNIST files, found (or downloaded) as a user's run finds them. */
class RealMnistTest {

    @Test
    void trainingFileHas60000LabelledDigits() {
        ImageDataset train = RealMnist.train();

        assertEquals(60_000, train.size());
        assertEquals(28, train.rows());
        assertEquals(28, train.cols());
        assertEquals(5, train.label(0), "the first MNIST training digit is a 5");
        assertEquals(0, train.label(1));
        assertLabelsAreDigits(train);
    }

    @Test
    void testFileHas10000LabelledDigits() {
        ImageDataset test = RealMnist.test();

        assertEquals(10_000, test.size());
        assertEquals(784, test.dimension());
        assertEquals(7, test.label(0), "the first MNIST test digit is a 7");
        assertLabelsAreDigits(test);
    }

    @Test
    void pixelsUseTheFullGreyRangeWithBlankCorners() {
        ImageDataset train = RealMnist.train();
        int max = 0;
        for (int d = 0; d < train.dimension(); d++) {
            max = Math.max(max, train.pixel(0, d));
        }
        assertEquals(255, max);
        assertEquals(0, train.pixel(0, 0));
        assertEquals(0, train.pixel(0, 783));
    }

    private static void assertLabelsAreDigits(ImageDataset data) {
        int[] counts = new int[10];
        for (int i = 0; i < data.size(); i++) {
            assertTrue(data.label(i) <= 9, "label " + data.label(i) + " of example " + i);
            counts[data.label(i)]++;
        }
        for (int digit = 0; digit < 10; digit++) {
            assertTrue(counts[digit] > data.size() / 20, "digit " + digit + " occurs " + counts[digit] + " times");
        }
    }
}
