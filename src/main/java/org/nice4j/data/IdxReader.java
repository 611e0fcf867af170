package org.nice4j.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.nice4j.NiceException;

/**
 * Reads the IDX format of MNIST and its look-alikes: a big-endian header (magic number, then one 32-bit size per
 * dimension) followed by the unsigned bytes. Files may be raw or gzip-compressed; gzip is recognised by its magic
 * bytes, not by the file name, because downloads are often renamed.
 *
 * <p>Files are checked strictly (magic, sizes, exact payload length) since a truncated download otherwise
 * shows up much later as a model that mysteriously fails to learn. Every error names the file.
 */
public final class IdxReader {

    /** Unsigned bytes (0x08), 3 dimensions: count, rows, columns. */
    static final int IMAGES_MAGIC = 0x00000803;
    /** Unsigned bytes (0x08), 1 dimension: count. */
    static final int LABELS_MAGIC = 0x00000801;

    private static final int BUFFER_SIZE = 1 << 16;

    private IdxReader() {
    }

    /**
     * Reads an image file and, when {@code labels} is not null, its label file, checking that both hold the
     * same number of examples.
     */
    public static ImageDataset read(String name, Path images, Path labels) {
        ImageDataset unlabelled = readImages(name, images);
        if (labels == null) {
            return unlabelled;
        }
        byte[] labelBytes = readLabels(labels);
        if (labelBytes.length != unlabelled.size()) {
            throw new NiceException(labels + ": holds " + labelBytes.length + " labels, but " + images + " holds "
                    + unlabelled.size() + " images");
        }
        return new ImageDataset(name, unlabelled.rows(), unlabelled.cols(), unlabelled.pixels(), labelBytes);
    }

    /** Reads an IDX image file (magic 0x00000803) as an unlabelled dataset. */
    public static ImageDataset readImages(String name, Path file) {
        IdxArray array = readArray(file, IMAGES_MAGIC, "pixel");
        int rows = array.dims()[1];
        int cols = array.dims()[2];
        if (rows < 1 || cols < 1) {
            throw new NiceException(file + ": images of " + rows + "x" + cols + " pixels; expected at least 1x1");
        }
        return new ImageDataset(name, rows, cols, array.data(), null);
    }

    /** Reads an IDX label file (magic 0x00000801): one unsigned byte per example. */
    public static byte[] readLabels(Path file) {
        return readArray(file, LABELS_MAGIC, "label").data();
    }

    /** The sizes from an IDX header and the bytes that follow it. */
    private record IdxArray(int[] dims, byte[] data) {
    }

    private static IdxArray readArray(Path file, int expectedMagic, String what) {
        try (InputStream in = open(file)) {
            int magic = readHeaderInt(in, file);
            if (magic != expectedMagic) {
                throw new NiceException(String.format("%s: magic number 0x%08x, expected 0x%08x (IDX %s file of"
                        + " unsigned bytes with %d dimensions)", file, magic, expectedMagic, what,
                        expectedMagic & 0xFF));
            }
            int[] dims = new int[expectedMagic & 0xFF];
            long length = 1;
            for (int i = 0; i < dims.length; i++) {
                dims[i] = readHeaderInt(in, file);
                if (dims[i] < 0) {
                    throw new NiceException(file + ": size of dimension " + i + " is negative (" + dims[i] + ")");
                }
                length *= dims[i];
                if (length > Integer.MAX_VALUE - 8) {
                    throw new NiceException(file + ": header announces more than 2^31 " + what + " bytes");
                }
            }
            byte[] data = in.readNBytes((int) length);
            if (data.length < length) {
                throw new NiceException(file + ": truncated: expected " + length + " " + what
                        + " bytes after the header, found " + data.length);
            }
            long extra = in.transferTo(OutputStream.nullOutputStream());
            if (extra > 0) {
                throw new NiceException(file + ": " + extra + " unexpected bytes after the " + length + " " + what
                        + " bytes the header announces");
            }
            return new IdxArray(dims, data);
        } catch (NoSuchFileException e) {
            throw new NiceException(file + ": no such file", e);
        } catch (ZipException e) {
            throw new NiceException(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new NiceException(file + ": truncated gzip data (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new NiceException(file + ": cannot read (" + e + ")", e);
        }
    }

    /** Opens the file, decompressing when it starts with the gzip magic bytes 1f 8b. */
    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER_SIZE);
        try {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            return gzip ? new GZIPInputStream(raw, BUFFER_SIZE) : raw;
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    private static int readHeaderInt(InputStream in, Path file) throws IOException {
        byte[] bytes = in.readNBytes(Integer.BYTES);
        if (bytes.length < Integer.BYTES) {
            throw new NiceException(file + ": truncated: the IDX header ends early");
        }
        return ByteBuffer.wrap(bytes).getInt();
    }
}
