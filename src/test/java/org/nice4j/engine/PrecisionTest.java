package org.nice4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.nice4j.Engines;
import org.nice4j.InvalidSettingException;

/**
 * The bfloat16 matrix product against float32 arithmetic: the same values up to the rounding of its operands, float32
 * results in the caller's scope, gradients that reach the float32 weights, and the same output for the same input
 * (what keeps a coupling's inverse exact).
 */
class PrecisionTest {
    private static final NDManager manager = Engines.shared();
    /** bfloat16 keeps 8 significant bits: rounding to nearest moves a value by at most 2^-8 of itself. */
    private static final double BF16_ROUNDING = Math.pow(2, -8);

    @Test
    void bfloat16ProductIsTheFloat32ProductUpToTheRoundingOfItsOperands() {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(1);
            float[] x = values(rng, 5 * 70);
            float[] w = values(rng, 3 * 70);
            float[] b = values(rng, 3);
            NDArray xs = Host.array(scope, x, new Shape(5, 70));
            NDArray ws = Host.array(scope, w, new Shape(3, 70));
            NDArray bs = Host.array(scope, b, new Shape(3));
            NDArray y = Precision.BF16.linear(xs, ws, bs);
            assertEquals(DataType.FLOAT32, y.getDataType());
            assertSame(scope, y.getManager(), "the result belongs to the input's scope");
            float[] got = y.toFloatArray();
            boolean rounded = false;
            for (int i = 0; i < 5; i++) {
                for (int o = 0; o < 3; o++) {
                    double exact = b[o];
                    double magnitude = Math.abs(b[o]);
                    for (int k = 0; k < 70; k++) {
                        exact += (double) x[i * 70 + k] * w[o * 70 + k];
                        magnitude += Math.abs((double) x[i * 70 + k] * w[o * 70 + k]);
                    }
                    // Each product x·w carries two operand roundings, the bias one, the result one more.
                    double bound = 3 * BF16_ROUNDING * magnitude + BF16_ROUNDING * Math.abs(exact);
                    assertEquals(exact, got[i * 3 + o], bound, "row " + i + ", output " + o);
                    rounded |= Math.abs(got[i * 3 + o] - exact) > 1e-6 * magnitude;
                }
            }
            assertTrue(rounded, "bfloat16 products differ from float32 ones: the rounding must have happened");
        }
    }

    @Test
    void theSameInputGivesTheSameOutputBitForBit() {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(2);
            NDArray x = Host.array(scope, values(rng, 200 * 64), new Shape(200, 64));
            NDArray w = Host.array(scope, values(rng, 96 * 64), new Shape(96, 64));
            NDArray b = Host.array(scope, values(rng, 96), new Shape(96));
            float[] first = Precision.BF16.linear(x, w, b).toFloatArray();
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(first, Precision.BF16.linear(x.duplicate(), w, b).toFloatArray(), 0f);
            }
        }
    }

    @Test
    void gradientsReachTheFloat32WeightsThroughTheRoundings() {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(3);
            float[] x = values(rng, 6 * 40);
            NDArray w = Host.array(scope, values(rng, 4 * 40), new Shape(4, 40));
            NDArray b = Host.array(scope, values(rng, 4), new Shape(4));
            NDArray xs = Host.array(scope, x, new Shape(6, 40));
            w.setRequiresGradient(true);
            b.setRequiresGradient(true);
            xs.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                gc.backward(Precision.BF16.linear(xs, w, b).sum());
            }
            assertEquals(DataType.FLOAT32, w.getGradient().getDataType());
            // d(Σ y)/dW[o][k] = Σ_i x[i][k]; d/db[o] = rows; d/dx[i][k] = Σ_o W[o][k]: each summand rounded once.
            float[] gw = w.getGradient().toFloatArray();
            float[] wv = w.toFloatArray();
            float[] gx = xs.getGradient().toFloatArray();
            for (int k = 0; k < 40; k++) {
                double column = 0;
                double magnitude = 0;
                for (int i = 0; i < 6; i++) {
                    column += x[i * 40 + k];
                    magnitude += Math.abs(x[i * 40 + k]);
                }
                for (int o = 0; o < 4; o++) {
                    assertEquals(column, gw[o * 40 + k], 2 * BF16_ROUNDING * magnitude, "dW at " + o + ", " + k);
                }
                double weights = 0;
                double weightMagnitude = 0;
                for (int o = 0; o < 4; o++) {
                    weights += wv[o * 40 + k];
                    weightMagnitude += Math.abs(wv[o * 40 + k]);
                }
                assertEquals(weights, gx[k], 2 * BF16_ROUNDING * weightMagnitude, "dx at " + k);
            }
            assertArrayEquals(new float[] {6, 6, 6, 6}, b.getGradient().toFloatArray(), 0f);
        }
    }

    /**
     * The bfloat16 network keeps its activations bfloat16 between layers in one engine call; layer by layer each
     * product rounds its result to bfloat16 and the next rounds its input, and ReLU commutes with that rounding, so
     * the two must agree bit for bit, in the output and in every weight's and bias's gradient.
     */
    @Test
    void bfloat16ChainIsTheLayerByLayerProductBitForBit() {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(4);
            int[] widths = {30, 50, 50, 20};
            List<NDArray> weights = new ArrayList<>();
            List<NDArray> biases = new ArrayList<>();
            for (int layer = 0; layer < 3; layer++) {
                weights.add(Host.array(scope, values(rng, widths[layer + 1] * widths[layer]),
                        new Shape(widths[layer + 1], widths[layer])));
                biases.add(Host.array(scope, values(rng, widths[layer + 1]), new Shape(widths[layer + 1])));
            }
            NDArray x = Host.array(scope, values(rng, 8 * 30), new Shape(8, 30));
            float[][] chain = outputAndGradients(weights, biases, () -> Precision.BF16.reluChain(x, weights, biases));
            float[][] layered = outputAndGradients(weights, biases, () -> {
                NDArray h = x;
                for (int layer = 0; layer < 3; layer++) {
                    NDArray z = Precision.BF16.linear(h, weights.get(layer), biases.get(layer));
                    h = layer < 2 ? Activation.relu(z) : z;
                }
                return h;
            });
            for (int i = 0; i < chain.length; i++) {
                assertArrayEquals(layered[i], chain[i], 0f, i == 0 ? "output" : "gradient " + i);
            }
            float[][] exact = outputAndGradients(weights, biases, () -> Precision.FP32.reluChain(x, weights, biases));
            assertTrue(!Arrays.equals(exact[0], chain[0]), "the chain must have rounded");
        }
    }

    /**
     * The bfloat16 convolution chain against the float32 one: within bfloat16's rounding of operands and activations,
     * a float32 result in the caller's scope, and gradients that reach every float32 weight.
     */
    @Test
    void bfloat16ConvolutionChainFollowsTheFloat32One() {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(5);
            int[] channels = {2, 6, 4};
            List<NDArray> weights = new ArrayList<>();
            List<NDArray> biases = new ArrayList<>();
            for (int layer = 0; layer < 2; layer++) {
                weights.add(Host.array(scope, values(rng, channels[layer + 1] * channels[layer] * 9),
                        new Shape(channels[layer + 1], channels[layer] * 9)));
                biases.add(Host.array(scope, values(rng, channels[layer + 1]), new Shape(channels[layer + 1])));
            }
            NDArray x = Host.array(scope, values(rng, 3 * 2 * 5 * 5), new Shape(3, 2, 5, 5));
            float[][] half = outputAndGradients(weights, biases,
                    () -> Precision.BF16.reluConvChain(x, weights, biases));
            float[][] full = outputAndGradients(weights, biases,
                    () -> Precision.FP32.reluConvChain(x, weights, biases));
            assertEquals(3 * 4 * 5 * 5, half[0].length);
            for (int i = 0; i < half.length; i++) {
                double scale = Arrays.stream(toDoubles(full[i])).map(Math::abs).max().orElse(0);
                for (int k = 0; k < half[i].length; k++) {
                    // two layers of 18–54 rounded products each, values of order one: a few percent of the largest
                    String what = (i == 0 ? "output " : "gradient " + i + " ") + k;
                    assertEquals(full[i][k], half[i][k], 0.05 * scale, what);
                }
                assertTrue(scale > 0, "gradient " + i + " reached its weight");
            }
        }
    }

    /**
     * A frozen block rounds each parameter once and hands the same rounding to every later product; the products must
     * not change by it, and closing the block frees the roundings and restores the precision before it.
     */
    @Test
    void aFrozenBlockReusesItsRoundingsAndChangesNoResult() {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(6);
            List<NDArray> weights = List.of(Host.array(scope, values(rng, 40 * 30), new Shape(40, 30)),
                    Host.array(scope, values(rng, 10 * 40), new Shape(10, 40)));
            List<NDArray> biases = List.of(Host.array(scope, values(rng, 40), new Shape(40)),
                    Host.array(scope, values(rng, 10), new Shape(10)));
            NDArray x = Host.array(scope, values(rng, 7 * 30), new Shape(7, 30));
            float[] fresh = Precision.BF16.reluChain(x, weights, biases).toFloatArray();
            List<NDArray> kept;
            try (Autocast outer = Autocast.to(Precision.FP32); Autocast cast = Autocast.frozen(Precision.BF16)) {
                assertSame(Precision.BF16, Autocast.precision());
                kept = Autocast.operands(weights);
                assertSame(kept.get(0), Autocast.operands(weights).get(0), "one rounding per parameter");
                for (int call = 0; call < 2; call++) {
                    assertArrayEquals(fresh, Precision.BF16.reluChain(x, weights, biases).toFloatArray(), 0f);
                }
                cast.close();
                assertSame(Precision.FP32, Autocast.precision(), "closing restores the block before it");
                assertTrue(kept.get(0).isReleased(), "the roundings are freed with their block");
            }
            assertSame(weights, Autocast.operands(weights), "outside a frozen block parameters pass as they are");
        }
    }

    /**
     * Two threads run the same bfloat16 network on the same weights at once (as the web page's engine threads may):
     * every call must get the output of a call alone. Lists reach the engine by name, so the calls name views of their
     * own, never the shared weights.
     */
    @Test
    void twoThreadsShareOneNetwork() throws Exception {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(7);
            List<NDArray> weights = List.of(Host.array(scope, values(rng, 64 * 32), new Shape(64, 32)),
                    Host.array(scope, values(rng, 64 * 64), new Shape(64, 64)),
                    Host.array(scope, values(rng, 8 * 64), new Shape(8, 64)));
            List<NDArray> biases = List.of(Host.array(scope, values(rng, 64), new Shape(64)),
                    Host.array(scope, values(rng, 64), new Shape(64)), Host.array(scope, values(rng, 8), new Shape(8)));
            float[] x = values(rng, 16 * 32);
            float[] alone = Precision.BF16.reluChain(Host.array(scope, x, new Shape(16, 32)), weights, biases)
                    .toFloatArray();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                List<java.util.concurrent.Future<Integer>> runs = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    runs.add(pool.submit(() -> {
                        InferenceThreads.recordNoGradients();
                        for (int call = 0; call < 200; call++) {
                            try (NDManager own = scope.newSubManager()) {
                                NDArray y = Precision.BF16.reluChain(Host.array(own, x, new Shape(16, 32)), weights,
                                        biases);
                                assertArrayEquals(alone, y.toFloatArray(), 0f, "call " + call);
                            }
                        }
                        return 200;
                    }));
                }
                for (java.util.concurrent.Future<Integer> run : runs) {
                    assertEquals(200, run.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** The network's output, then the gradients of the sum of its squared outputs with respect to each parameter. */
    private static float[][] outputAndGradients(List<NDArray> weights, List<NDArray> biases,
            java.util.function.Supplier<NDArray> network) {
        List<NDArray> parameters = new ArrayList<>(weights);
        parameters.addAll(biases);
        parameters.forEach(p -> p.setRequiresGradient(true));
        NDArray y;
        NDArray loss;
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            y = network.get();
            loss = y.square().sum();
        }
        float[][] out = new float[1 + parameters.size()][];
        out[0] = y.toFloatArray();
        NDArray[] gradients = Gradients.of(loss, parameters);
        for (int i = 0; i < gradients.length; i++) {
            out[i + 1] = gradients[i].toFloatArray();
        }
        return out;
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    @Test
    void bfloat16OperandsMultiplyThroughTheEngine() {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(4);
            float[] a = values(rng, 32 * 32);
            NDArray operand = Precision.BF16.operand(Host.array(scope, a, new Shape(32, 32)));
            // DJL cannot read bfloat16 itself, but converts from it.
            float[] product = operand.matMul(operand).toType(DataType.FLOAT32, false).toFloatArray();
            for (int i = 0; i < 32; i++) {
                for (int j = 0; j < 32; j++) {
                    double exact = 0;
                    double magnitude = 0;
                    for (int k = 0; k < 32; k++) {
                        exact += (double) a[i * 32 + k] * a[k * 32 + j];
                        magnitude += Math.abs((double) a[i * 32 + k] * a[k * 32 + j]);
                    }
                    assertEquals(exact, product[i * 32 + j], 2 * BF16_ROUNDING * magnitude
                            + BF16_ROUNDING * Math.abs(exact), "entry " + i + ", " + j);
                }
            }
            assertArrayEquals(a, Precision.FP32.operand(Host.array(scope, a, new Shape(32, 32))).toFloatArray(), 0f);
        }
    }

    @Test
    void autocastBlocksNestAndStayOnTheirThread() throws Exception {
        assertEquals(Precision.FP32, Autocast.precision());
        try (Autocast outer = Autocast.to(Precision.BF16)) {
            assertEquals(Precision.BF16, Autocast.precision());
            assertEquals(Precision.FP32, CompletableFuture.supplyAsync(Autocast::precision).get(),
                    "another thread keeps its own precision");
            try (Autocast inner = Autocast.to(Precision.FP32)) {
                assertEquals(Precision.FP32, Autocast.precision());
            }
            assertEquals(Precision.BF16, Autocast.precision());
        }
        assertEquals(Precision.FP32, Autocast.precision());
    }

    @Test
    void precisionsAreSpelledAsTheCommandLineTakesThem() {
        assertEquals(Precision.BF16, Precision.parse("bf16"));
        assertEquals("fp32", Precision.FP32.id());
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Precision.parse("fp16"));
        assertEquals("precision", e.setting());
        assertEquals("unknown precision 'fp16' (known: fp32, bf16)", e.getMessage());
    }

    private static float[] values(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.nextDouble(-1, 1);
        }
        return v;
    }
}
