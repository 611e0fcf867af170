package org.nice4j.data;

import java.util.Arrays;
import java.util.Objects;
import org.nice4j.ImageShape;
import org.nice4j.NiceException;

/**
 * A set of equally sized images (grey-scale or with several channels) held as unsigned bytes, with optional class
 * labels.
 *
 * <p>Pixels stay bytes (one per pixel and channel, channel-first and row-major as {@link ImageShape} lays a row out,
 * example after example) because that is four times smaller
 * than floats and dequantization needs the integer value anyway. The arrays are shared, not copied, so that a
 * 47 MB training set is not duplicated on every hand-over: treat them as read-only. For the same reason the
 * record's {@code equals} compares the arrays by identity, not by content.
 *
 * @param name     the dataset's name, for messages (for example {@code mnist})
 * @param channels colour channels: 1 for grey, 3 for RGB
 * @param rows     image height in pixels
 * @param cols     image width in pixels
 * @param pixels   {@code size() * channels * rows * cols} unsigned bytes
 * @param labels   one unsigned byte per example, or {@code null} when the dataset has no labels
 */
public record ImageDataset(String name, int channels, int rows, int cols, byte[] pixels, byte[] labels)
        implements Rows {

    public ImageDataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pixels, "pixels");
        if (channels < 1 || rows < 1 || cols < 1) {
            throw new IllegalArgumentException(name + ": images of " + channels + "x" + rows + "x" + cols + " pixels");
        }
        long dimension = (long) channels * rows * cols;
        if (pixels.length % dimension != 0) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes is not a whole number of "
                    + channels + "x" + rows + "x" + cols + " images");
        }
        if (labels != null && labels.length != pixels.length / dimension) {
            throw new IllegalArgumentException(
                    name + ": " + labels.length + " labels for " + pixels.length / dimension + " images");
        }
    }

    /** Grey-scale images (one channel), as IDX files hold them. */
    public ImageDataset(String name, int rows, int cols, byte[] pixels, byte[] labels) {
        this(name, 1, rows, cols, pixels, labels);
    }

    /** Number of examples. */
    @Override
    public int size() {
        return pixels.length / dimension();
    }

    /** Number of pixel values per example (pixels times channels), the dimension of the flow's input. */
    @Override
    public int dimension() {
        return channels * rows * cols;
    }

    /** How one example's values fold into an image. */
    public ImageShape shape() {
        return new ImageShape(channels, rows, cols);
    }

    @Override
    public DataShape dataShape() {
        return DataShape.image(shape());
    }

    @Override
    public boolean hasLabels() {
        return labels != null;
    }

    /** Pixel {@code d} (row-major) of example {@code example}, as 0..255. */
    public int pixel(int example, int d) {
        Objects.checkIndex(d, dimension());
        return pixels[Objects.checkIndex(example, size()) * dimension() + d] & 0xFF;
    }

    /** Class label of example {@code i}, as 0..255. */
    @Override
    public int label(int i) {
        if (labels == null) {
            throw new NiceException("dataset '" + name + "' has no labels");
        }
        return labels[i] & 0xFF;
    }

    /** A copy of examples {@code from} (inclusive) to {@code to} (exclusive), labels included. */
    public ImageDataset slice(int from, int to) {
        Objects.checkFromToIndex(from, to, size());
        int d = dimension();
        byte[] slicedLabels = labels == null ? null : Arrays.copyOfRange(labels, from, to);
        return new ImageDataset(name, channels, rows, cols, Arrays.copyOfRange(pixels, from * d, to * d),
                slicedLabels);
    }

    @Override
    public ImageDataset select(int[] indices) {
        int d = dimension();
        byte[] chosen = new byte[indices.length * d];
        byte[] chosenLabels = labels == null ? null : new byte[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, Objects.checkIndex(indices[i], size()) * d, chosen, i * d, d);
            if (labels != null) {
                chosenLabels[i] = labels[indices[i]];
            }
        }
        return new ImageDataset(name, channels, rows, cols, chosen, chosenLabels);
    }

    /** The first {@code min(n, size())} examples. */
    @Override
    public ImageDataset limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + n);
        }
        return slice(0, Math.min(n, size()));
    }

    @Override
    public String toString() {
        return name + ": " + size() + " images of " + (channels == 1 ? "" : channels + "x") + rows + "x" + cols
                + (hasLabels() ? ", labelled" : ", unlabelled");
    }
}
