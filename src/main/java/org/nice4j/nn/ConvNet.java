package org.nice4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.nice4j.ImageShape;
import org.nice4j.InvalidSettingException;

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
 * <p>The convolution is computed as im2col and one fused addmm per layer (zero-pad, gather the 9 shifted windows,
 * {@link Linear#linear}), not with {@code Conv2d.conv2d}: on DJL 0.35 / PyTorch 2.7.1 CPU the input gradient of the
 * native convolution is not reproducible (repeated identical backward passes differ, some entries read NaN), which
 * would poison training at random. The linear layer's backward is the one every MLP in nice4j already relies on.
 */
public final class ConvNet implements CouplingNetwork {
    private static final int KERNEL = 3;
    private static final Shape PAD = new Shape(1, 1, 1, 1); // one pixel left, right, top and bottom

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
        for (int layer = 0; layer < layers.count(); layer++) {
            NDArray z = layers.apply(layer, patches(h));
            NDArray channelsFirst = z.transpose(0, 2, 1); // (batch, out, h·w)
            h = layer < layers.count() - 1
                    ? Activation.relu(channelsFirst).reshape(new Shape(batch, -1, in.height(), in.width()))
                    : channelsFirst;
        }
        return h.reshape(new Shape(batch, out.size()));
    }

    /** im2col: (batch, c, h, w) to (batch, h·w, c·3·3), column c·9 + 3·di + dj holding pixel (i + di − 1, j + dj − 1). */
    private NDArray patches(NDArray image) {
        long batch = image.getShape().get(0);
        long c = image.getShape().get(1);
        NDArray padded = image.pad(PAD, 0);
        NDList windows = new NDList(KERNEL * KERNEL);
        for (int di = 0; di < KERNEL; di++) {
            for (int dj = 0; dj < KERNEL; dj++) {
                windows.add(padded.get(new NDIndex(":, :, {}:{}, {}:{}", di, di + in.height(), dj, dj + in.width())));
            }
        }
        return NDArrays.stack(windows, 2)
                .reshape(new Shape(batch, c * KERNEL * KERNEL, (long) in.height() * in.width()))
                .transpose(0, 2, 1);
    }

    @Override
    public Map<String, NDArray> parameters() {
        return layers.parameters();
    }
}
