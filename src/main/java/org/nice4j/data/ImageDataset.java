package org.nice4j.data;

import java.util.Arrays;
import java.util.Objects;
import org.nice4j.NiceException;

/**
 * A set of equally sized grey-scale images held as unsigned bytes, with optional class labels.
 *
 * <p>Pixels stay bytes (one per pixel, row-major, example after example) because that is four times smaller
 * than floats and dequantization needs the integer value anyway. The arrays are shared, not copied, so that a
 * 47 MB training set is not duplicated on every hand-over: treat them as read-only. For the same reason the
 * record's {@code equals} compares the arrays by identity, not by content.
 *
 * @param name   the dataset's name, for messages (for example {@code mnist})
 * @param rows   image height in pixels
 * @param cols   image width in pixels
 * @param pixels {@code size() * rows * cols} unsigned bytes
 * @param labels one unsigned byte per example, or {@code null} when the dataset has no labels
 */
public record ImageDataset(String name, int rows, int cols, byte[] pixels, byte[] labels) {

    public ImageDataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pixels, "pixels");
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException(name + ": images of " + rows + "x" + cols + " pixels");
        }
        long dimension = (long) rows * cols;
        if (pixels.length % dimension != 0) {
            throw new IllegalArgumentException(
                    name + ": " + pixels.length + " pixel bytes is not a whole number of " + rows + "x" + cols + " images");
        }
        if (labels != null && labels.length != pixels.length / dimension) {
            throw new IllegalArgumentException(
                    name + ": " + labels.length + " labels for " + pixels.length / dimension + " images");
        }
    }

    /** Number of examples. */
    public int size() {
        return pixels.length / dimension();
    }

    /** Number of pixels per example, the dimension of the flow's input. */
    public int dimension() {
        return rows * cols;
    }

    public boolean hasLabels() {
        return labels != null;
    }

    /** Pixel {@code d} (row-major) of example {@code example}, as 0..255. */
    public int pixel(int example, int d) {
        Objects.checkIndex(d, dimension());
        return pixels[Objects.checkIndex(example, size()) * dimension() + d] & 0xFF;
    }

    /** Class label of example {@code i}, as 0..255. */
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
        return new ImageDataset(name, rows, cols, Arrays.copyOfRange(pixels, from * d, to * d), slicedLabels);
    }

    /** The first {@code min(n, size())} examples. */
    public ImageDataset limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + n);
        }
        return slice(0, Math.min(n, size()));
    }

    @Override
    public String toString() {
        return name + ": " + size() + " images of " + rows + "x" + cols + (hasLabels() ? ", labelled" : ", unlabelled");
    }
}
