package org.nice4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;

class SplitsTest {

    @Test
    void mnistSizedFilesSplitAs50000TrainLast10000ValidAndTheTestFile() {
        IdxFolder folder = new IdxFolder("mnist",
                SyntheticDigits.sharedFolder(MnistFetcher.TRAIN_SIZE, MnistFetcher.TEST_SIZE));
        ImageDataset trainAll = folder.train();
        ImageDataset test = folder.test();

        Splits splits = Splits.referenceSplit(trainAll, test);

        assertEquals(50_000, splits.train().size());
        assertEquals(10_000, splits.valid().size());
        assertSame(test, splits.test());
        assertEquals(trainAll.label(0), splits.train().label(0));
        assertEquals(trainAll.label(50_000), splits.valid().label(0));
        assertArrayEquals(Arrays.copyOfRange(trainAll.pixels(), 50_000 * 784, 50_001 * 784),
                Arrays.copyOf(splits.valid().pixels(), 784));
    }

    @Test
    void syntheticSixtyThousandSplitsTheSameWay() {
        Splits splits = Splits.referenceSplit(dataset(60_000), dataset(10_000));

        assertEquals(50_000, splits.train().size());
        assertEquals(10_000, splits.valid().size());
        assertEquals(10_000, splits.test().size());
    }

    @Test
    void smallTrainingFileGivesItsLastSixthToValidation() {
        Splits splits = Splits.referenceSplit(dataset(1200), dataset(100));

        assertEquals(1000, splits.train().size());
        assertEquals(200, splits.valid().size());
        assertEquals(1000 % 256, splits.valid().pixel(0, 0));
    }

    @Test
    void largeTrainingFileStillValidatesOn10000() {
        Splits splits = Splits.referenceSplit(dataset(90_000), dataset(100));

        assertEquals(80_000, splits.train().size());
        assertEquals(10_000, splits.valid().size());
    }

    @Test
    void tinyTrainingFileKeepsOneForValidation() {
        Splits splits = Splits.referenceSplit(dataset(3), dataset(1));

        assertEquals(2, splits.train().size());
        assertEquals(1, splits.valid().size());
        assertThrows(NiceException.class, () -> Splits.referenceSplit(dataset(1), dataset(1)));
    }

    @Test
    void limitCapsEverySplit() {
        Splits splits = Splits.referenceSplit(dataset(1200), dataset(100)).limit(150);

        assertEquals(150, splits.train().size());
        assertEquals(150, splits.valid().size());
        assertEquals(100, splits.test().size());
        assertEquals(0, splits.train().pixel(0, 0));
    }

    @Test
    void limitMustBePositive() {
        Splits splits = Splits.referenceSplit(dataset(12), dataset(2));

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> splits.limit(0));
        assertEquals("limit must be at least 1, got 0", e.getMessage());
    }

    /** {@code n} one-pixel images whose pixel is the example index mod 256. */
    private static ImageDataset dataset(int n) {
        byte[] pixels = new byte[n];
        for (int i = 0; i < n; i++) {
            pixels[i] = (byte) i;
        }
        return new ImageDataset("synthetic", 1, 1, pixels, new byte[n]);
    }
}
