package org.nice4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.nice4j.engine.Scope;

/**
 * A deep rectified network with a linear output: the NICE coupling function. {@code depth} hidden layers of
 * {@code hidden} ReLU units. Weights are stored (out, in) as in PyTorch so each layer is one fused addmm.
 */
public final class Mlp implements CouplingNetwork {
    private final DenseLayers layers;

    private Mlp(DenseLayers layers) {
        this.layers = layers;
    }

    /**
     * @param zeroLast zero the output layer so the coupling starts as the identity
     */
    public static Mlp create(NDManager manager, int in, int hidden, int depth, int out, Init init, double scale,
            boolean zeroLast, SplittableRandom rng) {
        if (depth < 0 || hidden < 1) {
            throw new IllegalArgumentException("an MLP needs depth >= 0 and hidden >= 1, got " + depth + " x " + hidden);
        }
        int[] widths = new int[depth + 2];
        Arrays.fill(widths, hidden);
        widths[0] = in;
        widths[depth + 1] = out;
        return new Mlp(DenseLayers.create(manager, widths, 1, init, scale, zeroLast, rng));
    }

    /** A factory for {@link CouplingNetwork.Factory} users: every network shares the init scheme and RNG. */
    public static CouplingNetwork.Factory factory(NDManager manager, int hidden, int depth, Init init, double scale,
            boolean zeroLast, SplittableRandom rng) {
        return (in, out) -> create(manager, in, hidden, depth, out, init, scale, zeroLast, rng);
    }

    @Override
    public NDArray apply(NDArray x) {
        return layers.applyRectified(x);
    }

    /** A ReLU network's tangent map: each layer's weights, then the mask of the units its input left active. */
    @Override
    public Tangent pushForward(NDArray x, NDArray v) {
        NDArray h = x;
        NDArray t = v;
        for (int layer = 0; layer < layers.count(); layer++) {
            NDArray z = layers.apply(layer, h);
            t = t.matMul(Scope.like(x, layers.weight(layer).transpose()));
            if (layer < layers.count() - 1) {
                t = t.mul(z.gt(0).toType(z.getDataType(), false));
                h = Activation.relu(z);
            } else {
                h = z;
            }
        }
        return new Tangent(h, t);
    }

    @Override
    public Map<String, NDArray> parameters() {
        return layers.parameters();
    }
}
