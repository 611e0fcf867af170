package org.nice4j.nn;

import org.nice4j.engine.Host;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A deep rectified network with a linear output: the NICE coupling function. {@code depth} hidden layers of
 * {@code hidden} ReLU units. Weights are stored (out, in) as in PyTorch so each layer is one fused addmm.
 */
public final class Mlp implements CouplingNetwork {
    private final NDArray[] weights;
    private final NDArray[] biases;

    private Mlp(NDArray[] weights, NDArray[] biases) {
        this.weights = weights;
        this.biases = biases;
    }

    /**
     * @param zeroLast zero the output layer so the coupling starts as the identity
     */
    public static Mlp create(NDManager manager, int in, int hidden, int depth, int out, Init init, double scale,
            boolean zeroLast, SplittableRandom rng) {
        if (depth < 0 || hidden < 1) {
            throw new IllegalArgumentException("an MLP needs depth >= 0 and hidden >= 1, got " + depth + " x " + hidden);
        }
        NDArray[] w = new NDArray[depth + 1];
        NDArray[] b = new NDArray[depth + 1];
        int width = in;
        for (int layer = 0; layer <= depth; layer++) {
            int next = layer == depth ? out : hidden;
            boolean zero = zeroLast && layer == depth;
            float[] wv = zero ? new float[width * next] : init.weights(width, next, scale, rng);
            float[] bv = zero ? new float[next] : init.biases(next, scale, rng);
            w[layer] = Host.array(manager, wv, new Shape(next, width));
            b[layer] = Host.array(manager, bv, new Shape(next));
            w[layer].setRequiresGradient(true);
            b[layer].setRequiresGradient(true);
            width = next;
        }
        return new Mlp(w, b);
    }

    /** A factory for {@link CouplingNetwork.Factory} users: every network shares the init scheme and RNG. */
    public static CouplingNetwork.Factory factory(NDManager manager, int hidden, int depth, Init init, double scale,
            boolean zeroLast, SplittableRandom rng) {
        return (in, out) -> create(manager, in, hidden, depth, out, init, scale, zeroLast, rng);
    }

    @Override
    public NDArray apply(NDArray x) {
        NDArray h = x;
        for (int layer = 0; layer < weights.length; layer++) {
            NDArray z = Linear.linear(h, weights[layer], biases[layer]).singletonOrThrow();
            h = layer < weights.length - 1 ? Activation.relu(z) : z;
        }
        return h;
    }

    @Override
    public Map<String, NDArray> parameters() {
        return layerParameters(weights, biases);
    }

    /** Names layer k's arrays "wk" and "bk": the scheme model files key on, shared by every layered network. */
    static Map<String, NDArray> layerParameters(NDArray[] weights, NDArray[] biases) {
        Map<String, NDArray> p = new LinkedHashMap<>();
        for (int layer = 0; layer < weights.length; layer++) {
            p.put("w" + layer, weights[layer]);
            p.put("b" + layer, biases[layer]);
        }
        return p;
    }
}
