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
import ai.djl.training.GradientCollector;
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
