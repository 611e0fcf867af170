package org.nice4j.data;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nice4j.ImageShape;
import org.nice4j.NiceException;

/**
 * A NumPy {@code .npy} file (format versions 1 to 3, as {@code numpy.save} writes it), read a chunk of rows at a
 * time. No library on Maven Central reads the format without pulling in a whole array stack, and the format is
 * small and documented (numpy/lib/format.py): a magic string, a version, a header length and a Python dict literal
 * giving dtype, memory order and shape, then the C-ordered data.
 *
 * <p>Supported: {@code float32}, {@code float64} (either byte order) and {@code uint8}. The array's shape says what
 * a row is: {@code (N, D)} rows of D values; {@code (N, H, W)} grey images; {@code (N, H, W, C)} images with C = 1
 * or 3 channels (stored channel-last, turned channel-first here). {@code uint8} arrays are pixels (dequantized by
 * the model; a 2-D one is images one pixel high), float arrays are real values used as they are (image-shaped ones
 * flattened channel first).
 */
public final class NpyRows implements RowReader {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** The element types read, by their NumPy type code without the byte-order character. */
    private enum Dtype {
        F4(4), F8(8), U1(1);

        final int bytes;

        Dtype(int bytes) {
            this.bytes = bytes;
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final Dtype dtype;
    private final ByteOrder order;
    private final long count;
    private final DataShape shape;
    private final int rowBytes;
    private final int[] channelLastSource;
    private long read;

    /** Opens {@code file} and reads its header. */
    public NpyRows(Path file) {
        this.file = file;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new NiceException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        try {
            String header = readHeader();
            String descr = find(DESCR, header, "descr");
            this.dtype = dtype(descr);
            this.order = descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            if (find(FORTRAN, header, "fortran_order").equals("True")) {
                throw new NiceException(file + ": a Fortran-ordered array is not supported; save it with"
                        + " numpy.save(path, numpy.ascontiguousarray(a))");
            }
            long[] dims = dims(find(SHAPE, header, "shape"));
            this.count = dims[0];
            this.shape = shape(dims);
            this.channelLastSource = channelLastSource(dims.length == 4 ? (int) dims[3] : 1, shape.dimension());
            this.rowBytes = Math.multiplyExact(shape.dimension(), dtype.bytes);
            long needed = channel.position() + count * rowBytes;
            if (channel.size() < needed) {
                throw new NiceException(file + ": truncated: the header's shape needs " + needed + " bytes, the file"
                        + " has " + channel.size());
            }
        } catch (IOException e) {
            close();
            throw new NiceException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public DataShape shape() {
        return shape;
    }

    @Override
    public OptionalLong size() {
        return OptionalLong.of(count);
    }

    @Override
    public boolean labelled() {
        return false;
    }

    @Override
    public Rows next(int max) {
        int n = (int) Math.min(max, count - read);
        ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(n, rowBytes)).order(order);
        try {
            while (bytes.hasRemaining()) {
                if (channel.read(bytes) < 0) {
                    throw new EOFException();
                }
            }
        } catch (IOException e) {
            throw new NiceException(file + ": cannot read rows " + read + " to " + (read + n) + " ("
                    + e.getMessage() + ")", e);
        }
        bytes.flip();
        read += n;
        String name = file.getFileName().toString();
        int d = shape.dimension();
        if (dtype == Dtype.U1) {
            byte[] pixels = new byte[n * d];
            bytes.get(pixels);
            ImageShape image = shape.image();
            return new ImageDataset(name, image.channels(), image.height(), image.width(), channelFirst(pixels, n),
                    null);
        }
        float[] values = new float[n * d];
        for (int i = 0; i < values.length; i++) {
            double v = dtype == Dtype.F4 ? bytes.getFloat() : bytes.getDouble();
            if (!Double.isFinite(v) || !Float.isFinite((float) v)) {
                throw new NiceException(file + ": row " + (read - n + i / d) + ", value " + i % d + " is " + v
                        + " (not finite)");
            }
            values[i] = (float) v;
        }
        return new Table(name, d, channelFirst(values, n), null);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new NiceException(file + ": " + e.getMessage(), e);
        }
    }

    private String readHeader() throws IOException {
        ByteBuffer start = ByteBuffer.allocate(MAGIC.length + 2).order(ByteOrder.LITTLE_ENDIAN);
        readFully(start);
        byte[] magic = new byte[MAGIC.length];
        start.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new NiceException(file + ": not a NumPy .npy file (no \\x93NUMPY magic string)");
        }
        int major = start.get() & 0xFF;
        if (major < 1 || major > 3) {
            throw new NiceException(file + ": .npy format version " + major + " is not supported (1 to 3 are)");
        }
        ByteBuffer length = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        readFully(length);
        long headerLength = major == 1 ? length.getShort() & 0xFFFF : length.getInt() & 0xFFFFFFFFL;
        if (headerLength > 1 << 20) {
            throw new NiceException(file + ": a .npy header of " + headerLength + " bytes is not plausible");
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerLength);
        readFully(header);
        return new String(header.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    private void readFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new NiceException(file + ": truncated .npy header");
            }
        }
        buffer.flip();
    }

    private String find(Pattern key, String header, String name) {
        Matcher m = key.matcher(header);
        if (!m.find()) {
            throw new NiceException(file + ": the .npy header has no '" + name + "' (" + header.strip() + ")");
        }
        return m.group(1);
    }

    private Dtype dtype(String descr) {
        String code = descr.replaceFirst("^[<>|=]", "");
        return switch (code) {
            case "f4" -> Dtype.F4;
            case "f8" -> Dtype.F8;
            case "u1" -> Dtype.U1;
            default -> throw new NiceException(file + ": unsupported dtype '" + descr + "' (supported: float32,"
                    + " float64, uint8)");
        };
    }

    private long[] dims(String shapeText) {
        String[] parts = shapeText.split(",");
        long[] dims = Arrays.stream(parts).map(String::strip).filter(p -> !p.isEmpty()).mapToLong(p -> {
            try {
                return Long.parseLong(p.replaceFirst("L$", ""));
            } catch (NumberFormatException e) {
                throw new NiceException(file + ": the .npy shape (" + shapeText + ") is not a tuple of integers");
            }
        }).toArray();
        if (dims.length < 2 || dims.length > 4) {
            throw new NiceException(file + ": an array of shape (" + shapeText + ") is neither rows (N, D) nor"
                    + " images (N, H, W) or (N, H, W, C)");
        }
        if (dims[0] < 1) {
            throw new NiceException(file + ": the array has no rows (shape (" + shapeText + "))");
        }
        if (dims.length == 4 && dims[3] != 1 && dims[3] != 3) {
            throw new NiceException(file + ": images with " + dims[3] + " channels (shape (" + shapeText
                    + ")); 1 or 3 are supported");
        }
        for (int i = 1; i < dims.length; i++) {
            if (dims[i] < 1 || dims[i] > Integer.MAX_VALUE) {
                throw new NiceException(file + ": dimension " + i + " of shape (" + shapeText + ") is " + dims[i]);
            }
        }
        return dims;
    }

    private DataShape shape(long[] dims) {
        ImageShape image = switch (dims.length) {
            case 2 -> new ImageShape(1, 1, (int) dims[1]);
            case 3 -> new ImageShape(1, (int) dims[1], (int) dims[2]);
            default -> new ImageShape((int) dims[3], (int) dims[1], (int) dims[2]);
        };
        return dtype == Dtype.U1 ? DataShape.image(image) : DataShape.table(image.size());
    }

    /** Channel-last image rows (H, W, C) rearranged channel first (C, H, W); other rows as they are. */
    private byte[] channelFirst(byte[] rows, int n) {
        if (channelLastSource == null) {
            return rows;
        }
        byte[] out = new byte[rows.length];
        int d = channelLastSource.length;
        for (int at = 0; at < n * d; at += d) {
            for (int j = 0; j < d; j++) {
                out[at + j] = rows[at + channelLastSource[j]];
            }
        }
        return out;
    }

    private float[] channelFirst(float[] rows, int n) {
        if (channelLastSource == null) {
            return rows;
        }
        float[] out = new float[rows.length];
        int d = channelLastSource.length;
        for (int at = 0; at < n * d; at += d) {
            for (int j = 0; j < d; j++) {
                out[at + j] = rows[at + channelLastSource[j]];
            }
        }
        return out;
    }

    /**
     * For each channel-first position c·H·W + p of a row, its position p·C + c in a channel-last row; null when a
     * row needs no rearranging (one channel).
     */
    private static int[] channelLastSource(int channels, int dimension) {
        if (channels == 1) {
            return null;
        }
        int pixels = dimension / channels;
        int[] source = new int[dimension];
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < pixels; p++) {
                source[c * pixels + p] = p * channels + c;
            }
        }
        return source;
    }
}
