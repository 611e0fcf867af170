package org.nice4j.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Small IDX files written on the fly. */
public final class IdxFixtures {

    private IdxFixtures() {
    }

    /** The bytes of an IDX file: magic, sizes, then payload. */
    static byte[] idx(int magic, int[] dims, byte[] payload) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int dim : dims) {
                out.writeInt(dim);
            }
            out.write(payload);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    static byte[] images(int n, int rows, int cols) {
        return idx(IdxReader.IMAGES_MAGIC, new int[] {n, rows, cols}, pattern(n * rows * cols));
    }

    static byte[] labels(int n) {
        byte[] payload = new byte[n];
        for (int i = 0; i < n; i++) {
            payload[i] = (byte) (i % 10);
        }
        return idx(IdxReader.LABELS_MAGIC, new int[] {n}, payload);
    }

    /** Byte {@code i} is {@code i * 7 mod 256}: every value occurs, neighbours differ. */
    static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 7);
        }
        return bytes;
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, content);
    }

    /** Writes a complete small dataset of 2x3 images in the four standard (raw) file names. */
    public static Path writeFolder(Path dir, int trainSize, int testSize) throws IOException {
        write(dir.resolve(IdxFolder.TRAIN_IMAGES), images(trainSize, 2, 3));
        write(dir.resolve(IdxFolder.TRAIN_LABELS), labels(trainSize));
        write(dir.resolve(IdxFolder.TEST_IMAGES), images(testSize, 2, 3));
        write(dir.resolve(IdxFolder.TEST_LABELS), labels(testSize));
        return dir;
    }
}
