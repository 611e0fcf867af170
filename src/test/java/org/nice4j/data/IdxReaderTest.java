package org.nice4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nice4j.data.IdxFixtures.gzip;
import static org.nice4j.data.IdxFixtures.idx;
import static org.nice4j.data.IdxFixtures.images;
import static org.nice4j.data.IdxFixtures.labels;
import static org.nice4j.data.IdxFixtures.write;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.NiceException;

class IdxReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsRawImagesAndLabels() throws IOException {
        Path images = write(dir.resolve("imgs"), images(5, 2, 3));
        Path labels = write(dir.resolve("lbls"), labels(5));

        ImageDataset data = IdxReader.read("tiny", images, labels);

        assertEquals("tiny", data.name());
        assertEquals(5, data.size());
        assertEquals(2, data.rows());
        assertEquals(3, data.cols());
        assertArrayEquals(IdxFixtures.pattern(30), data.pixels());
        assertEquals(4, data.label(4));
        assertEquals((7 * 7) & 0xFF, data.pixel(1, 1));
    }

    @Test
    void readsGzipRecognisedByContentNotName() throws IOException {
        Path images = write(dir.resolve("images.raw"), gzip(images(4, 3, 3)));
        Path labels = write(dir.resolve("labels.idx"), gzip(labels(4)));

        ImageDataset data = IdxReader.read("tiny", images, labels);

        assertArrayEquals(IdxFixtures.pattern(36), data.pixels());
        assertEquals(4, data.labels().length);
    }

    @Test
    void rawFileNamedGzIsReadRaw() throws IOException {
        Path images = write(dir.resolve("images.gz"), images(2, 2, 2));

        assertEquals(2, IdxReader.readImages("tiny", images).size());
    }

    @Test
    void labelsAreOptional() throws IOException {
        ImageDataset data = IdxReader.read("tiny", write(dir.resolve("imgs"), images(3, 2, 2)), null);

        assertNull(data.labels());
        assertFalse(data.hasLabels());
        NiceException e = assertThrows(NiceException.class, () -> data.label(0));
        assertTrue(e.getMessage().contains("tiny"), e.getMessage());
    }

    @Test
    void truncatedPayloadSaysHowMuchWasExpectedAndFound() throws IOException {
        byte[] full = images(10, 4, 4);
        Path file = write(dir.resolve("short-images"), Arrays.copyOf(full, 16 + 123));

        NiceException e = assertThrows(NiceException.class, () -> IdxReader.readImages("x", file));

        assertEquals(file + ": truncated: expected 160 pixel bytes after the header, found 123", e.getMessage());
    }

    @Test
    void truncatedHeaderIsReported() throws IOException {
        Path file = write(dir.resolve("stub"), new byte[] {0, 0, 8, 3, 0, 0});

        NiceException e = assertThrows(NiceException.class, () -> IdxReader.readImages("x", file));

        assertMessage(e, file, "truncated");
    }

    @Test
    void truncatedGzipIsReported() throws IOException {
        byte[] compressed = gzip(images(50, 10, 10));
        Path file = write(dir.resolve("cut.gz"), Arrays.copyOf(compressed, compressed.length / 2));

        NiceException e = assertThrows(NiceException.class, () -> IdxReader.readImages("x", file));

        assertMessage(e, file, "truncated");
    }

    @Test
    void corruptGzipIsReported() throws IOException {
        byte[] compressed = gzip(images(50, 10, 10));
        for (int i = compressed.length - 8; i < compressed.length; i++) {
            compressed[i] ^= (byte) 0xFF; // CRC and length of the gzip trailer
        }
        Path file = write(dir.resolve("corrupt.gz"), compressed);

        NiceException e = assertThrows(NiceException.class, () -> IdxReader.readImages("x", file));

        assertMessage(e, file, "gzip");
    }

    @Test
    void trailingBytesAreAnError() throws IOException {
        byte[] full = images(2, 2, 2);
        Path file = write(dir.resolve("long-images"), Arrays.copyOf(full, full.length + 3));

        NiceException e = assertThrows(NiceException.class, () -> IdxReader.readImages("x", file));

        assertMessage(e, file, "3 unexpected bytes");
    }

    @Test
    void labelFileGivenAsImagesHasWrongMagic() throws IOException {
        Path file = write(dir.resolve("labels-not-images"), labels(3));

        NiceException e = assertThrows(NiceException.class, () -> IdxReader.readImages("x", file));

        assertMessage(e, file, "magic number 0x00000801, expected 0x00000803");
    }

    @Test
    void wrongElementTypeHasWrongMagic() throws IOException {
        Path file = write(dir.resolve("floats"), idx(0x00000D01, new int[] {1}, new byte[4]));

        NiceException e = assertThrows(NiceException.class, () -> IdxReader.readLabels(file));

        assertMessage(e, file, "magic number 0x00000d01");
    }

    @Test
    void negativeSizeIsReported() throws IOException {
        Path file = write(dir.resolve("negative"), idx(IdxReader.IMAGES_MAGIC, new int[] {-1, 2, 2}, new byte[0]));

        NiceException e = assertThrows(NiceException.class, () -> IdxReader.readImages("x", file));

        assertMessage(e, file, "negative");
    }

    @Test
    void labelCountMustMatchImageCount() throws IOException {
        Path images = write(dir.resolve("imgs"), images(5, 2, 2));
        Path labels = write(dir.resolve("lbls"), labels(4));

        NiceException e = assertThrows(NiceException.class, () -> IdxReader.read("x", images, labels));

        assertMessage(e, labels, "4 labels");
        assertTrue(e.getMessage().contains("5 images"), e.getMessage());
    }

    @Test
    void missingFileIsReported() {
        Path file = dir.resolve("nowhere");

        NiceException e = assertThrows(NiceException.class, () -> IdxReader.readLabels(file));

        assertMessage(e, file, "no such file");
    }

    private static void assertMessage(NiceException e, Path file, String fragment) {
        String message = e.getMessage();
        assertTrue(message.startsWith(file.toString()), message);
        assertTrue(message.contains(fragment), message);
        assertFalse(message.contains("\n"), message);
    }
}
