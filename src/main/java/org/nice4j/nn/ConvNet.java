package org.nice4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.nice4j.ImageShape;
import org.nice4j.InvalidSettingException;
import org.nice4j.engine.Autocast;

/**
 * A convolutional coupling function (GIN appendix D, Table 3: "2 → 16 → 16 → 4"): 3×3 convolutions with padding 1,
 * so every layer keeps the image's height and width, ReLU after all but the last. Image couplings split along
 * channels, and a small local network sees every pixel's neighbourhood with far fewer weights than an MLP on the
 * flat row would need.
 *
 * <p>Rows stay flat outside: the network folds (batch, c·h·w) into (batch, c, h, w), and unfolds its output, whose
 * channels come out in the order the coupling reads them (the first half of the output channels are the raw
 * log-scales, the second half the shifts, matching the flat layout). Weights are drawn in Java from the seeded
 * generator, like {@link Mlp}, and stored (out, in·3·3): PyTorch's (out, in, 3, 3) kernel, flattened.
 *
 * <p>Each layer is one native convolution on the weights viewed as (out, in, 3, 3), in the precision of the
 * enclosing {@link Autocast} block ({@link org.nice4j.engine.Precision#reluConvChain}). An earlier version emulated
 * the convolution with nine shifted-window gathers and a matrix product because the native input gradient had come
 * out irreproducible (sometimes NaN); that was memory the autograd tape read after Java freed it (weights or
 * inputs in DJL's borrowed buffers), not libtorch. With every array in engine-owned memory the native gradients are
 * bit-identical pass after pass ({@code ConvNetTest}), and training runs about three times faster.
 */
public final class ConvNet implements CouplingNetwork {
    private static final int KERNEL = 3;

    private final ImageShape in;
    private final ImageShape out;
    private final DenseLayers layers;

    private ConvNet(ImageShape in, ImageShape out, DenseLayers layers) {
        this.in = in;
        this.out = out;
        this.layers = layers;
    }

    /**
     * @param hidden   channel widths of the hidden layers (GIN: {16, 16}); empty for a single convolution
     * @param zeroLast zero the output layer so the coupling starts as the identity
     */
    public static ConvNet create(NDManager manager, ImageShape in, int[] hidden, int outChannels, Init init,
            double scale, boolean zeroLast, SplittableRandom rng) {
        if (outChannels < 1 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
            throw new InvalidSettingException("network", "a conv net needs positive channel widths, got " + in.channels() + " -> "
                    + Arrays.toString(hidden) + " -> " + outChannels);
        }
        int[] widths = new int[hidden.length + 2];
        widths[0] = in.channels();
        System.arraycopy(hidden, 0, widths, 1, hidden.length);
        widths[hidden.length + 1] = outChannels;
        return new ConvNet(in, in.withChannels(outChannels),
                DenseLayers.create(manager, widths, KERNEL * KERNEL, init, scale, zeroLast, rng));
    }

    /**
     * Networks for couplings on images of the given height and width: a coupling asks for (in, out) flat sizes,
     * which must be whole channels of {@code height × width} pixels.
     */
    public static CouplingNetwork.Factory factory(NDManager manager, int height, int width, int[] hidden, Init init,
            double scale, boolean zeroLast, SplittableRandom rng) {
        int pixels = new ImageShape(1, height, width).size();
        return (in, out) -> {
            if (in % pixels != 0 || out % pixels != 0) {
                throw new InvalidSettingException("network", "a conv coupling on " + height + "x" + width + " images needs whole channels"
                        + " of " + pixels + " values, got " + in + " in and " + out + " out (split along channels)");
            }
            return create(manager, new ImageShape(in / pixels, height, width), hidden, out / pixels, init, scale,
                    zeroLast, rng);
        };
    }

    @Override
    public NDArray apply(NDArray x) {
        long batch = x.getShape().get(0);
        NDArray h = x.reshape(new Shape(batch, in.channels(), in.height(), in.width()));
        return layers.applyRectifiedConv3x3(h).reshape(new Shape(batch, out.size()));
    }

    @Override
    public Map<String, NDArray> parameters() {
        return layers.parameters();
    }
}
