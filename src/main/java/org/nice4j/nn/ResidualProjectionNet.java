package org.nice4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nice4j.Gaussian;
import org.nice4j.InvalidSettingException;
import org.nice4j.engine.Host;
import org.nice4j.engine.Scope;

/**
 * The VDAE paper's fully connected ResNet (appendix D): stages of {@code blocks} residual blocks
 * y = x + W₃·ReLU(W₂·ReLU(W₁·x + b₁) + b₂) + b₃ at the stage's width (hidden size {@code hidden}), each stage ending in
 * a bias-free linear projection to the next width. The encoder narrows n → … → m; its decoder mirrors it, layer for
 * layer in reverse order.
 *
 * <p>Initialisation follows appendix C: every residual block starts as the identity (its last layer zeroed), encoder
 * projections start as random orthonormal rows, and the decoder's projections start as the transposes of the
 * encoder's, so that a fresh decoder inverts a fresh encoder on the encoder's row space.
 *
 * <p>{@link #linearize} also gives every example's Jacobian ∂f/∂x, as an expression on the autograd tape (L-VDAE's
 * posterior covariance σ²JJᵀ is trained through it). For a ReLU block the Jacobian is I + W₃D₂W₂D₁W₁ with D the
 * per-example diagonal of active units, so J is accumulated from the output backwards, one block at a time: the
 * rows stay the output's width, which is what makes a narrow encoder's Jacobian cheap (m rows instead of n).
 */
public final class ResidualProjectionNet {
    private final List<Layer> layers;

    private ResidualProjectionNet(List<Layer> layers) {
        this.layers = layers;
    }

    /**
     * The paper's widths for an encoder from n to m dimensions over four stages: min(2ⁱ·m, n) for the stages before
     * the last, narrowing towards m (8m, 4m, 2m, then m).
     */
    public static int[] encoderWidths(int n, int m) {
        if (m < 1 || m > n) {
            throw new InvalidSettingException("latent", "must be between 1 and the data's " + n + " dimensions, got " + m);
        }
        return new int[] {n, Math.min(8 * m, n), Math.min(4 * m, n), Math.min(2 * m, n), m};
    }

    /**
     * An encoder through {@code widths} (input first): before each projection, {@code blocks} residual blocks at the
     * width they read. Draws from {@code rng} stage by stage, blocks before projection: a saved seed rebuilds the
     * same network only while this order stays.
     */
    public static ResidualProjectionNet encoder(NDManager manager, int[] widths, int hidden, int blocks,
            SplittableRandom rng) {
        check(widths, hidden, blocks);
        if (widths.length < 2) {
            throw new InvalidSettingException("network", "an encoder needs an input and an output width");
        }
        List<Layer> layers = new ArrayList<>();
        for (int stage = 0; stage + 1 < widths.length; stage++) {
            for (int b = 0; b < blocks; b++) {
                layers.add(ResidualBlock.create(manager, widths[stage], hidden, rng));
            }
            layers.add(new Projection(Host.array(manager, orthonormal(widths[stage + 1], widths[stage], rng),
                    new Shape(widths[stage + 1], widths[stage]))));
        }
        return new ResidualProjectionNet(trainable(layers));
    }

    /**
     * {@code blocks} residual blocks at one width and no projection: the paper's decoder beside a NICE encoder (B = 1,
     * H = 1024, "no projection layers"), which starts as the identity.
     */
    public static ResidualProjectionNet residual(NDManager manager, int width, int hidden, int blocks,
            SplittableRandom rng) {
        check(new int[] {width}, hidden, blocks);
        if (blocks < 1) {
            throw new InvalidSettingException("blocks", "a residual stack needs at least 1 block, got " + blocks);
        }
        List<Layer> layers = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            layers.add(ResidualBlock.create(manager, width, hidden, rng));
        }
        return new ResidualProjectionNet(trainable(layers));
    }

    /**
     * The decoder mirroring this encoder: its layers in reverse order, projections starting as the transposes of this
     * encoder's current ones, residual blocks fresh from {@code rng}.
     */
    public ResidualProjectionNet mirroredDecoder(NDManager manager, int hidden, SplittableRandom rng) {
        List<Layer> mirrored = new ArrayList<>();
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer layer = layers.get(i);
            if (layer instanceof Projection p) {
                int rows = p.out();
                int cols = p.in();
                float[] w = p.weight.toFloatArray();
                float[] transposed = new float[w.length];
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        transposed[c * rows + r] = w[r * cols + c];
                    }
                }
                mirrored.add(new Projection(Host.array(manager, transposed, new Shape(cols, rows))));
            } else {
                mirrored.add(ResidualBlock.create(manager, ((ResidualBlock) layer).width(), hidden, rng));
            }
        }
        return new ResidualProjectionNet(trainable(mirrored));
    }

    /** f(x) for a (batch, in) array. */
    public NDArray apply(NDArray x) {
        NDArray h = x;
        for (Layer layer : layers) {
            h = layer.apply(h).value();
        }
        return h;
    }

    /**
     * f(x) and every example's Jacobian J = ∂f/∂x, shape (batch, out, in), both differentiable in the parameters.
     * Costs about {@code out} forward passes' worth of products (the paper's O(m²n) for the Gram matrix is separate).
     */
    public Linearized linearize(NDArray x) {
        List<NDArray[]> masks = new ArrayList<>();
        NDArray h = x;
        for (Layer layer : layers) {
            Applied applied = layer.apply(h);
            h = applied.value();
            masks.add(applied.masks());
        }
        long batch = x.getShape().get(0);
        long out = h.getShape().get(1);
        NDArray jacobian = x.getManager().eye((int) out).expandDims(0);
        for (int i = layers.size() - 1; i >= 0; i--) {
            jacobian = layers.get(i).pullBack(jacobian, masks.get(i));
        }
        if (jacobian.getShape().get(0) != batch) {
            jacobian = jacobian.broadcast(new Shape(batch, out, x.getShape().get(1)));
        }
        return new Linearized(h, jacobian);
    }

    /** Input width. */
    public int in() {
        return layers.get(0).in();
    }

    /** Output width. */
    public int out() {
        return layers.get(layers.size() - 1).out();
    }

    /** Trainable arrays by local name: "k.w0", "k.b0", … for the k-th layer's residual block, "k.w" for a projection. */
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> p = new LinkedHashMap<>();
        for (int k = 0; k < layers.size(); k++) {
            for (Map.Entry<String, NDArray> e : layers.get(k).parameters().entrySet()) {
                p.put(k + "." + e.getKey(), e.getValue());
            }
        }
        return p;
    }

    /**
     * The network's value and per-example Jacobian.
     *
     * @param value    f(x), (batch, out)
     * @param jacobian ∂f/∂x, (batch, out, in)
     */
    public record Linearized(NDArray value, NDArray jacobian) {}

    private static void check(int[] widths, int hidden, int blocks) {
        if (widths.length < 1) {
            throw new InvalidSettingException("network", "a residual-projection net needs an input width");
        }
        for (int w : widths) {
            if (w < 1) {
                throw new InvalidSettingException("network", "widths must be positive, got " + Arrays.toString(widths));
            }
        }
        if (hidden < 1) {
            throw new InvalidSettingException("hidden", "must be at least 1, got " + hidden);
        }
        if (blocks < 0) {
            throw new InvalidSettingException("blocks", "must be at least 0, got " + blocks);
        }
    }

    private static List<Layer> trainable(List<Layer> layers) {
        for (Layer layer : layers) {
            layer.parameters().values().forEach(p -> p.setRequiresGradient(true));
        }
        return List.copyOf(layers);
    }

    /**
     * A (rows, cols) matrix whose rows (when rows ≤ cols) or columns (otherwise) are orthonormal: Gram–Schmidt on
     * Gaussian draws, in double precision.
     */
    static float[] orthonormal(int rows, int cols, SplittableRandom rng) {
        int count = Math.min(rows, cols);
        int length = Math.max(rows, cols);
        double[][] v = new double[count][length];
        for (int i = 0; i < count; i++) {
            // A draw nearly inside the span of the earlier ones would lose its digits: draw again.
            double norm;
            do {
                for (int j = 0; j < length; j++) {
                    v[i][j] = Gaussian.next(rng);
                }
                for (int pass = 0; pass < 2; pass++) {
                    for (int k = 0; k < i; k++) {
                        double dot = 0;
                        for (int j = 0; j < length; j++) {
                            dot += v[i][j] * v[k][j];
                        }
                        for (int j = 0; j < length; j++) {
                            v[i][j] -= dot * v[k][j];
                        }
                    }
                }
                double sq = 0;
                for (int j = 0; j < length; j++) {
                    sq += v[i][j] * v[i][j];
                }
                norm = Math.sqrt(sq);
            } while (norm < 1e-6);
            for (int j = 0; j < length; j++) {
                v[i][j] /= norm;
            }
        }
        float[] w = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                w[r * cols + c] = (float) (rows <= cols ? v[r][c] : v[c][r]);
            }
        }
        return w;
    }

    /** A layer's output and the per-example masks of its active ReLU units (null for a linear layer). */
    private record Applied(NDArray value, NDArray[] masks) {}

    private sealed interface Layer permits ResidualBlock, Projection {
        Applied apply(NDArray x);

        /** G·∂layer/∂x for the rows G (1 or batch, rows, out) of the Jacobian accumulated so far. */
        NDArray pullBack(NDArray rows, NDArray[] masks);

        int in();

        int out();

        Map<String, NDArray> parameters();
    }

    private record ResidualBlock(DenseLayers net) implements Layer {
        static ResidualBlock create(NDManager manager, int width, int hidden, SplittableRandom rng) {
            return new ResidualBlock(DenseLayers.create(manager, new int[] {width, hidden, hidden, width}, 1, Init.HE, 0,
                    true, rng));
        }

        int width() {
            return in();
        }

        @Override
        public Applied apply(NDArray x) {
            NDArray[] masks = new NDArray[net.count() - 1];
            NDArray h = x;
            for (int layer = 0; layer < net.count(); layer++) {
                NDArray z = net.apply(layer, h);
                if (layer < net.count() - 1) {
                    // ReLU's derivative: which units pass, a constant of the tape (piecewise-linear network).
                    masks[layer] = z.gt(0).toType(z.getDataType(), false).expandDims(1);
                    h = Activation.relu(z);
                } else {
                    h = z;
                }
            }
            return new Applied(x.add(h), masks);
        }

        @Override
        public NDArray pullBack(NDArray rows, NDArray[] masks) {
            NDArray t = rows;
            for (int layer = net.count() - 1; layer >= 0; layer--) {
                t = t.matMul(net.weight(layer));
                if (layer > 0) {
                    t = t.mul(masks[layer - 1]);
                }
            }
            return rows.add(t);
        }

        @Override
        public int in() {
            return Math.toIntExact(net.weight(0).getShape().get(1));
        }

        @Override
        public int out() {
            return in();
        }

        @Override
        public Map<String, NDArray> parameters() {
            return net.parameters();
        }
    }

    /** y = x·Wᵀ, W stored (out, in) like the dense layers. */
    private record Projection(NDArray weight) implements Layer {
        @Override
        public Applied apply(NDArray x) {
            return new Applied(x.matMul(Scope.like(x, weight.transpose())), null);
        }

        @Override
        public NDArray pullBack(NDArray rows, NDArray[] masks) {
            return rows.matMul(weight);
        }

        @Override
        public int in() {
            return Math.toIntExact(weight.getShape().get(1));
        }

        @Override
        public int out() {
            return Math.toIntExact(weight.getShape().get(0));
        }

        @Override
        public Map<String, NDArray> parameters() {
            return Map.of("w", weight);
        }
    }
}
