package org.nice4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.ImageShape;
import org.nice4j.NiceException;

class NpyRowsTest {
    private static final double[] SIX = {1.5, -2, 3.25, 4, 5, -6.5};

    @TempDir
    Path dir;

    @Test
    void floatRowsOfEitherWidthAndByteOrderReadAsTheyAre() throws IOException {
        for (String descr : new String[] {"<f4", ">f4", "<f8", ">f8"}) {
            Path file = DataFixtures.npy(dir.resolve(descr.substring(1) + descr.charAt(0) + ".npy"), descr,
                    new long[] {3, 2}, SIX);
            try (NpyRows npy = new NpyRows(file)) {
                assertEquals(DataShape.table(2), npy.shape(), descr);
                assertEquals(3, npy.size().getAsLong());
                Table first = (Table) npy.next(2);
                Table rest = (Table) npy.next(2);
                assertArrayEquals(new float[] {1.5f, -2, 3.25f, 4}, first.values(), descr);
                assertArrayEquals(new float[] {5, -6.5f}, rest.values(), descr);
                assertEquals(0, npy.next(2).size());
            }
        }
    }

    @Test
    void uint8ArraysArePixelsAndChannelLastImagesTurnChannelFirst() throws IOException {
        double[] pixels = new double[2 * 2 * 3 * 3]; // two 2x3 RGB images, (N, H, W, C)
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i * 7 % 256;
        }
        Path rgb = DataFixtures.npy(dir.resolve("rgb.npy"), "|u1", new long[] {2, 2, 3, 3}, pixels);
        try (NpyRows npy = new NpyRows(rgb)) {
            assertEquals(DataShape.image(new ImageShape(3, 2, 3)), npy.shape());
            ImageDataset images = (ImageDataset) npy.next(10);
            assertEquals(2, images.size());
            for (int n = 0; n < 2; n++) {
                for (int c = 0; c < 3; c++) {
                    for (int p = 0; p < 6; p++) {
                        assertEquals((int) pixels[n * 18 + p * 3 + c], images.pixel(n, c * 6 + p));
                    }
                }
            }
        }
        Path grey = DataFixtures.npy(dir.resolve("grey.npy"), "<u1", new long[] {2, 2, 3}, Arrays.copyOf(pixels, 12));
        try (NpyRows npy = new NpyRows(grey)) {
            assertEquals(DataShape.image(new ImageShape(1, 2, 3)), npy.shape());
            assertEquals((int) pixels[7], ((ImageDataset) npy.next(10)).pixel(1, 1));
        }
        Path flat = DataFixtures.npy(dir.resolve("flat.npy"), "|u1", new long[] {3, 4}, Arrays.copyOf(pixels, 12));
        try (NpyRows npy = new NpyRows(flat)) {
            assertEquals(DataShape.image(new ImageShape(1, 1, 4)), npy.shape());
        }
        Path oneChannel = DataFixtures.npy(dir.resolve("c1.npy"), "|u1", new long[] {1, 2, 2, 1},
                Arrays.copyOf(pixels, 4));
        try (NpyRows npy = new NpyRows(oneChannel)) {
            assertEquals(DataShape.image(new ImageShape(1, 2, 2)), npy.shape());
        }
    }

    @Test
    void imageShapedFloatsAreRowsFlattenedChannelFirst() throws IOException {
        double[] values = {1, 2, 3, 4, 5, 6}; // one 1x2 image with 3 channels: pixel 0 = (1, 2, 3)
        Path file = DataFixtures.npy(dir.resolve("f.npy"), "<f4", new long[] {1, 1, 2, 3}, values);
        try (NpyRows npy = new NpyRows(file)) {
            assertEquals(DataShape.table(6), npy.shape());
            assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, ((Table) npy.next(1)).values());
        }
    }

    @Test
    void unsupportedOrDamagedFilesNameTheFileAndTheProblem() throws IOException {
        assertFails(DataFixtures.npy(dir.resolve("i8.npy"), "<i8", new long[] {1, 1}, new double[1]),
                ": unsupported dtype '<i8' (supported: float32, float64, uint8)");
        assertFails(DataFixtures.npy(dir.resolve("vector.npy"), "<f4", new long[] {3}, new double[3]),
                ": an array of shape (3,) is neither rows (N, D) nor images (N, H, W) or (N, H, W, C)");
        assertFails(DataFixtures.npy(dir.resolve("rgba.npy"), "|u1", new long[] {1, 1, 1, 4}, new double[4]),
                ": images with 4 channels (shape (1, 1, 1, 4)); 1 or 3 are supported");
        assertFails(DataFixtures.npy(dir.resolve("none.npy"), "<f4", new long[] {0, 2}, new double[0]),
                ": the array has no rows (shape (0, 2))");
        assertFails(DataFixtures.npy(dir.resolve("nan.npy"), "<f8", new long[] {2, 2}, new double[] {0, 1, 2,
                Double.NaN}), ": row 1, value 1 is NaN (not finite)");
        Path whole = DataFixtures.npy(dir.resolve("whole.npy"), "<f4", new long[] {2, 2}, new double[4]);
        int size = (int) Files.size(whole);
        Path cut = Files.write(dir.resolve("cut.npy"), Arrays.copyOf(Files.readAllBytes(whole), size - 4));
        assertFails(cut, ": truncated: the header's shape needs " + size + " bytes, the file has " + (size - 4));
        assertFails(Files.writeString(dir.resolve("text.npy"), "a,b\n1,2\n"),
                ": not a NumPy .npy file (no \\x93NUMPY magic string)");
    }

    private static void assertFails(Path file, String message) {
        NiceException e = assertThrows(NiceException.class, () -> {
            try (NpyRows npy = new NpyRows(file)) {
                npy.next(10);
            }
        });
        assertEquals(file + message, e.getMessage());
    }
}
