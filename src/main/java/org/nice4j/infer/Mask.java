package org.nice4j.infer;

import java.util.Arrays;
import org.nice4j.NiceException;

/**
 * Which pixels of a {@code height x width} image are hidden from the inpainter (x_H of paper §5.2) and which are
 * observed and clamped (x_O). Pixels are indexed row-major, d = row * width + column, as images are stored.
 */
public final class Mask {
    private final String name;
    private final int height;
    private final int width;
    private final boolean[] hidden;

    /** @param hidden one flag per pixel, row-major; copied */
    public Mask(String name, int height, int width, boolean[] hidden) {
        if (hidden.length != height * width) {
            throw new NiceException("mask '" + name + "' has " + hidden.length + " flags for " + height + "x" + width
                    + " pixels");
        }
        this.name = name;
        this.height = height;
        this.width = width;
        this.hidden = hidden.clone();
    }

    public String name() {
        return name;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int dimension() {
        return hidden.length;
    }

    public boolean isHidden(int d) {
        return hidden[d];
    }

    public int hiddenCount() {
        int n = 0;
        for (boolean h : hidden) {
            n += h ? 1 : 0;
        }
        return n;
    }

    /** The flags as a copy, for callers that build arrays from them. */
    public boolean[] hidden() {
        return hidden.clone();
    }

    /** {@code image} with its hidden pixels replaced by those of {@code fill}; observed pixels stay bit-identical. */
    public float[] fill(float[] image, float[] fill) {
        float[] out = image.clone();
        for (int d = 0; d < out.length; d++) {
            if (hidden[d]) {
                out[d] = fill[d];
            }
        }
        return out;
    }

    /** Mean squared difference of {@code a} and {@code b} over the hidden pixels (0 if none is hidden). */
    public double hiddenMse(float[] a, float[] b) {
        double sum = 0;
        int n = 0;
        for (int d = 0; d < hidden.length; d++) {
            if (hidden[d]) {
                double e = a[d] - b[d];
                sum += e * e;
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    @Override
    public String toString() {
        return name + " (" + hiddenCount() + " of " + hidden.length + " pixels hidden)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mask m && m.name.equals(name) && m.height == height && Arrays.equals(m.hidden, hidden);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(hidden);
    }
}
