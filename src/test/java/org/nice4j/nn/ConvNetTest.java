package org.nice4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.nice4j.Engines;
import org.nice4j.ImageShape;
import org.nice4j.InvalidSettingException;
import org.nice4j.engine.FreedMemory;
import org.nice4j.engine.Host;

/** The conv net folds flat rows into NCHW images the way the rest of nice4j lays them out, and back. */
class ConvNetTest {
    private static final NDManager manager = Engines.shared();

    @Property(tries = 10)
    void oneLayerIsAZeroPadded3x3ConvolutionOnTheFlatLayout(@ForAll @IntRange(min = 1, max = 3) int channels,
            @ForAll @IntRange(min = 1, max = 3) int outChannels, @ForAll @IntRange(min = 1, max = 5) int height,
            @ForAll @IntRange(min = 1, max = 5) int width, @ForAll long seed) {
        ImageShape in = new ImageShape(channels, height, width);
        try (NDManager scope = manager.newSubManager()) {
            ConvNet net = ConvNet.create(scope, in, new int[0], outChannels, Init.UNIFORM, 1, false,
                    new SplittableRandom(seed));
            float[] w = net.parameters().get("w0").toFloatArray();
            float[] b = net.parameters().get("b0").toFloatArray();
            float[] x = random(new SplittableRandom(~seed), 2 * in.size());
            float[] y = net.apply(Host.array(scope, x, new Shape(2, in.size()))).toFloatArray();
            int outSize = outChannels * height * width;
            assertEquals(2 * outSize, y.length, "flat output of (batch, out·h·w)");
            for (int n = 0; n < 2; n++) {
                for (int o = 0; o < outChannels; o++) {
                    for (int i = 0; i < height; i++) {
                        for (int j = 0; j < width; j++) {
                            double sum = b[o];
                            for (int c = 0; c < channels; c++) {
                                for (int di = -1; di <= 1; di++) {
                                    for (int dj = -1; dj <= 1; dj++) {
                                        int si = i + di;
                                        int sj = j + dj;
                                        if (si >= 0 && si < height && sj >= 0 && sj < width) {
                                            sum += w[((o * channels + c) * 3 + di + 1) * 3 + dj + 1]
                                                    * x[n * in.size() + (c * height + si) * width + sj];
                                        }
                                    }
                                }
                            }
                            assertEquals(sum, y[n * outSize + (o * height + i) * width + j], 1e-5,
                                    "output (" + o + ", " + i + ", " + j + ") of example " + n);
                        }
                    }
                }
            }
        }
    }

    @Example
    void ginTable3WidthsGiveTheExpectedParameterCount() {
        try (NDManager scope = manager.newSubManager()) {
            // (4, 14, 14) split into 2 + 2 channels, "2 → 16 → 16 → 4": 3·3·(2·16 + 16·16 + 16·4) weights + 36 biases.
            CouplingNetwork net = ConvNet.factory(scope, 14, 14, new int[] {16, 16}, Init.HE, 0, false,
                    new SplittableRandom(1)).create(2 * 196, 4 * 196);
            long count = net.parameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
            assertEquals(9 * (2 * 16 + 16 * 16 + 16 * 4) + 36, count);
            NDArray y = net.apply(scope.zeros(new Shape(3, 2 * 196)));
            assertEquals(new Shape(3, 4 * 196), y.getShape());
        }
    }

    /**
     * Regression for the native convolution: the same input and weights give bit-identical, finite gradients (input
     * and every weight) on every backward pass, even when memory Java freed between the forward and the backward pass
     * is overwritten. An earlier attempt saw irreproducible, sometimes NaN gradients and fell back to emulating the
     * convolution; the cause was memory, not libtorch: with the kernels or the input in DJL's borrowed Java buffers
     * ({@code NDManager.create} without a copy), the same passes read NaN every time once the buffers are reused,
     * while in engine-owned memory ({@link Host}) 20 of 20 passes at GIN's shapes are identical.
     */
    @Example
    void gradientsAreReproducibleWhenFreedMemoryIsReused() {
        try (NDManager scope = manager.newSubManager()) {
            ImageShape in = new ImageShape(2, 7, 7);
            ConvNet net = ConvNet.create(scope, in, new int[] {16, 16}, 4, Init.HE, 0, false, new SplittableRandom(5));
            NDArray x0 = Host.array(scope, random(new SplittableRandom(6), 24 * in.size()), new Shape(24, in.size()));
            float[] first = null;
            for (int rep = 0; rep < 8; rep++) {
                try (NDManager pass = scope.newSubManager()) {
                    NDArray x = x0.duplicate();
                    x.attach(pass);
                    x.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                        NDArray y = net.apply(x);
                        NDArray loss = y.mul(y).sum();
                        FreedMemory.overwrite(1);
                        gc.backward(loss);
                    }
                    float[] g = gradients(x, net);
                    for (float v : g) {
                        assertTrue(Float.isFinite(v), "backward pass " + rep + " gave " + v);
                    }
                    if (first == null) {
                        first = g;
                    }
                    assertArrayEquals(first, g, 0f, "backward pass " + rep);
                }
            }
        }
    }

    /** The input's gradient, then each parameter's, concatenated; the parameters' are zeroed for the next pass. */
    private static float[] gradients(NDArray x, ConvNet net) {
        List<float[]> parts = new ArrayList<>();
        parts.add(x.getGradient().toFloatArray());
        for (NDArray p : net.parameters().values()) {
            try (NDArray g = p.getGradient()) {
                parts.add(g.toFloatArray());
                g.muli(0);
            }
        }
        float[] all = new float[parts.stream().mapToInt(a -> a.length).sum()];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    @Example
    void zeroedLastLayerOutputsZeros() {
        try (NDManager scope = manager.newSubManager()) {
            ConvNet net = ConvNet.create(scope, new ImageShape(2, 4, 4), new int[] {5}, 4, Init.HE, 0, true,
                    new SplittableRandom(3));
            float[] x = random(new SplittableRandom(4), 2 * 32);
            float[] y = net.apply(Host.array(scope, x, new Shape(2, 32))).toFloatArray();
            assertArrayEquals(new float[2 * 64], y, 0f);
        }
    }

    @Example
    void sameSeedSameWeights() {
        try (NDManager scope = manager.newSubManager()) {
            ImageShape in = new ImageShape(2, 3, 3);
            float[] a = ConvNet.create(scope, in, new int[] {4}, 2, Init.HE, 0, false, new SplittableRandom(9))
                    .parameters().get("w1").toFloatArray();
            float[] b = ConvNet.create(scope, in, new int[] {4}, 2, Init.HE, 0, false, new SplittableRandom(9))
                    .parameters().get("w1").toFloatArray();
            assertArrayEquals(a, b, 0f);
        }
    }

    @Example
    void splitsThatAreNotWholeChannelsAreRefused() {
        try (NDManager scope = manager.newSubManager()) {
            CouplingNetwork.Factory f = ConvNet.factory(scope, 4, 4, new int[] {8}, Init.HE, 0, false,
                    new SplittableRandom(1));
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> f.create(24, 16));
            assertEquals("a conv coupling on 4x4 images needs whole channels of 16 values, got 24 in and 16 out"
                    + " (split along channels)", e.getMessage());
        }
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.nextDouble(-1, 1);
        }
        return v;
    }
}
