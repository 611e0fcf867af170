package org.nice4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDigitsTest {

    @Test
    void writesMnistShapedLabelledClassesThatDiffer(@TempDir Path dir) throws Exception {
        IdxFolder folder = new IdxFolder("synthetic", SyntheticDigits.writeFolder(dir, 40, 20, 3));
        ImageDataset train = folder.train();

        assertTrue(folder.isComplete());
        assertEquals(40, train.size());
        assertEquals(20, folder.test().size());
        assertEquals(784, train.dimension());
        assertEquals(0, train.pixel(0, 0), "corners are blank");
        for (int c = 0; c < SyntheticDigits.CLASSES; c++) {
            assertEquals(c, train.label(c));
            assertTrue(inked(train, c) > 20, "class " + c + " draws something");
        }
        assertNotEquals(inked(train, 0), inked(train, 1), "a ring and a bar cover different areas");
    }

    @Test
    void sameSeedSameBytes(@TempDir Path dir) throws Exception {
        SyntheticDigits.writeFolder(dir.resolve("a"), 10, 5, 7);
        SyntheticDigits.writeFolder(dir.resolve("b"), 10, 5, 7);
        String name = IdxFolder.TRAIN_IMAGES + IdxFolder.GZIP_SUFFIX;
        assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(name)),
                Files.readAllBytes(dir.resolve("b").resolve(name)));
    }

    private static int inked(ImageDataset data, int example) {
        int count = 0;
        for (int d = 0; d < data.dimension(); d++) {
            count += data.pixel(example, d) > 0 ? 1 : 0;
        }
        return count;
    }
}
