package org.nice4j.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.nice4j.ImageShape;
import org.nice4j.InvalidSettingException;
import org.nice4j.engine.Scope;

/**
 * Space-to-depth downsampling (RealNVP's squeeze, the "checkerboard-like" downsampling of GIN appendix D, after
 * i-RevNet): each 2×2 block of pixels becomes 4 channels at one pixel, (C, H, W) → (4C, H/2, W/2). A convolutional
 * coupling only mixes neighbours, so squeezing lets later couplings see further and split along channels what were
 * spatial neighbours. A fixed reordering of coordinates, so log|det| = 0.
 *
 * <p>Ordering as PyTorch's {@code pixel_unshuffle}: output channel 4c + 2·di + dj at (i, j) is input channel c at
 * (2i + di, 2j + dj).
 */
public final class Squeeze implements Transform {
    private final ImageShape in;
    private final ImageShape out;

    public Squeeze(ImageShape in) {
        if (in.height() % 2 != 0 || in.width() % 2 != 0) {
            throw new InvalidSettingException("image", "squeeze needs an even height and width, got image shape " + in);
        }
        this.in = in;
        this.out = new ImageShape(4 * in.channels(), in.height() / 2, in.width() / 2);
    }

    /** The image shape of the output, (4C, H/2, W/2). */
    public ImageShape outputShape() {
        return out;
    }

    @Override
    public Transformed forward(NDArray x) {
        long batch = checkRow(x, in);
        int c = in.channels();
        int h = out.height();
        int w = out.width();
        NDArray y = x.reshape(new Shape(batch, c, h, 2, w, 2))
                .transpose(0, 1, 3, 5, 2, 4)
                .reshape(new Shape(batch, out.size()));
        return new Transformed(y, Scope.zeroLogDet(x));
    }

    @Override
    public Transformed inverse(NDArray y) {
        long batch = checkRow(y, out);
        int c = in.channels();
        int h = out.height();
        int w = out.width();
        NDArray x = y.reshape(new Shape(batch, c, 2, 2, h, w))
                .transpose(0, 1, 4, 2, 5, 3)
                .reshape(new Shape(batch, in.size()));
        return new Transformed(x, Scope.zeroLogDet(y));
    }

    private static long checkRow(NDArray x, ImageShape shape) {
        Shape s = x.getShape();
        if (s.dimension() != 2 || s.get(1) != shape.size()) {
            throw new InvalidSettingException("image", "squeeze expects rows of " + shape.size() + " = " + shape + " values, got shape "
                    + s);
        }
        return s.get(0);
    }
}
