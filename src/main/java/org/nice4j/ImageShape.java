package org.nice4j;

/**
 * The (channels, height, width) layout behind a flat (batch, D) row: transforms and coupling networks work on flat
 * rows, and image-aware ones (squeeze, convolutional networks) need to know how the D coordinates fold back into an
 * image. Row-major, channel first, as PyTorch's NCHW: coordinate c·H·W + i·W + j is pixel (i, j) of channel c.
 */
public record ImageShape(int channels, int height, int width) {

    public ImageShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new InvalidSettingException("image", "an image shape needs positive sizes, got " + describe(channels, height, width));
        }
    }

    /** D, the length of the flat row. */
    public int size() {
        return Math.multiplyExact(channels, Math.multiplyExact(height, width));
    }

    /** The same pixels with a different number of channels (a split or a network's output). */
    public ImageShape withChannels(int c) {
        return new ImageShape(c, height, width);
    }

    @Override
    public String toString() {
        return describe(channels, height, width);
    }

    private static String describe(int channels, int height, int width) {
        return "(" + channels + ", " + height + ", " + width + ")";
    }
}
