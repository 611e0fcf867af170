package org.nice4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nice4j.engine.Autocast;
import org.nice4j.engine.Host;

/**
 * The weights and biases of a chain of dense layers, the trainable part of every coupling network: an MLP applies
 * them to rows, a {@link ConvNet} to 3×3 image patches. Weights are stored (out, fan-in) as in PyTorch, so each layer
 * is one fused addmm, in the precision of the enclosing {@link Autocast} block (float32 outside any).
 */
final class DenseLayers {
    private final NDArray[] weights;
    private final NDArray[] biases;

    private DenseLayers(NDArray[] weights, NDArray[] biases) {
        this.weights = weights;
        this.biases = biases;
    }

    /**
     * Draws the layers from {@code rng}, layer by layer and weights before biases: saved seeds rebuild the same
     * networks only as long as this order stays.
     *
     * @param widths   the input width, then each layer's output width
     * @param window   how many input positions each output sees (1 for rows, 9 for 3×3 patches): fan-in is
     *                 width × window
     * @param zeroLast zero the output layer so the coupling starts as the identity
     */
    static DenseLayers create(NDManager manager, int[] widths, int window, Init init, double scale, boolean zeroLast,
            SplittableRandom rng) {
        int count = widths.length - 1;
        NDArray[] w = new NDArray[count];
        NDArray[] b = new NDArray[count];
        for (int layer = 0; layer < count; layer++) {
            int fanIn = widths[layer] * window;
            int next = widths[layer + 1];
            boolean zero = zeroLast && layer == count - 1;
            float[] wv = zero ? new float[fanIn * next] : init.weights(fanIn, next, scale, rng);
            float[] bv = zero ? new float[next] : init.biases(next, scale, rng);
            w[layer] = Host.array(manager, wv, new Shape(next, fanIn));
            b[layer] = Host.array(manager, bv, new Shape(next));
            w[layer].setRequiresGradient(true);
            b[layer].setRequiresGradient(true);
        }
        return new DenseLayers(w, b);
    }

    int count() {
        return weights.length;
    }

    /** Layer {@code layer}'s affine map x·Wᵀ + b, without activation, as a float32 array. */
    NDArray apply(int layer, NDArray x) {
        return Autocast.precision().linear(x, weights[layer], biases[layer]);
    }

    /**
     * The layers in turn with ReLU between them and a linear output, in the precision of the enclosing
     * {@link Autocast} block, as a float32 array.
     */
    NDArray applyRectified(NDArray x) {
        return Autocast.precision().reluChain(x, List.of(weights), List.of(biases));
    }

    /**
     * The layers as 3×3 convolutions of x (batch, channels, h, w), in turn with ReLU between them and a linear output,
     * in the precision of the enclosing {@link Autocast} block, as a float32 array (batch, out channels, h, w).
     */
    NDArray applyRectifiedConv3x3(NDArray x) {
        return Autocast.precision().reluConvChain(x, List.of(weights), List.of(biases));
    }

    /** Layer {@code layer}'s weight, (out, fan-in). */
    NDArray weight(int layer) {
        return weights[layer];
    }

    /** Names layer k's arrays "wk" and "bk": the scheme model files key on. */
    Map<String, NDArray> parameters() {
        Map<String, NDArray> p = new LinkedHashMap<>();
        for (int layer = 0; layer < weights.length; layer++) {
            p.put("w" + layer, weights[layer]);
            p.put("b" + layer, biases[layer]);
        }
        return p;
    }
}
