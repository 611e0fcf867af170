package org.nice4j.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;
import org.nice4j.Choice;

/**
 * The number format of the coupling networks' matrix products. Only the products change: parameters, optimizer
 * state, the couplings' updates, log-determinants, priors and the loss stay float32 whatever is chosen, as under
 * {@code torch.autocast}. Code chooses it for a block with {@link Autocast}.
 */
public enum Precision implements Choice {
    /** float32 throughout. */
    FP32 {
        @Override
        public NDArray linear(NDArray x, NDArray weight, NDArray bias) {
            return Linear.linear(x, weight, bias).singletonOrThrow();
        }

        @Override
        public NDArray reluChain(NDArray x, List<NDArray> weights, List<NDArray> biases) {
            NDArray h = x;
            for (int layer = 0; layer < weights.size(); layer++) {
                NDArray z = linear(h, weights.get(layer), biases.get(layer));
                h = layer < weights.size() - 1 ? Activation.relu(z) : z;
            }
            return h;
        }

        @Override
        public NDArray reluConvChain(NDArray x, List<NDArray> weights, List<NDArray> biases) {
            NDArray h = x;
            for (int layer = 0; layer < weights.size(); layer++) {
                NDArray weight = weights.get(layer);
                // A view of a parameter: without the move it would join the parameter's manager once per batch.
                NDArray kernel = Scope.like(x, weight.reshape(weight.getShape().get(0), -1, KERNEL, KERNEL));
                NDArray z = Conv2d.conv2d(h, kernel, biases.get(layer), UNIT, PADDING, UNIT).singletonOrThrow();
                h = layer < weights.size() - 1 ? Activation.relu(z) : z;
            }
            return h;
        }

        @Override
        public NDArray operand(NDArray x) {
            return x;
        }
    },
    /**
     * Inputs, weights and biases rounded to bfloat16 for the product (8 significant bits, float32's range), which the
     * engine accumulates in float32 (oneDNN's AVX-512 BF16 / AMX kernels on CPUs that have them); the result comes back
     * as float32, and gradients flow through the roundings to the float32 weights.
     */
    BF16 {
        @Override
        public NDArray linear(NDArray x, NDArray weight, NDArray bias) {
            return BFloat16Kernels.linear(x, weight, bias);
        }

        @Override
        public NDArray reluChain(NDArray x, List<NDArray> weights, List<NDArray> biases) {
            return BFloat16Kernels.reluChain(x, Autocast.operands(weights), Autocast.operands(biases));
        }

        @Override
        public NDArray reluConvChain(NDArray x, List<NDArray> weights, List<NDArray> biases) {
            return BFloat16Kernels.reluConvChain(x, Autocast.operands(weights), Autocast.operands(biases));
        }

        @Override
        public NDArray operand(NDArray x) {
            return BFloat16Kernels.bfloat16(x);
        }
    };

    private static final int KERNEL = 3;
    private static final Shape UNIT = new Shape(1, 1); // stride and dilation
    private static final Shape PADDING = new Shape(1, 1); // one pixel on every side keeps height and width

    @JsonCreator
    public static Precision parse(String id) {
        return Choice.parse(Precision.class, id, "precision");
    }

    /** x·Wᵀ + b for x of shape (…, in), W (out, in) and b (out), as a float32 array in x's manager. */
    public abstract NDArray linear(NDArray x, NDArray weight, NDArray bias);

    /**
     * Dense layers (weights (out, in), biases (out)) applied in turn to x, ReLU between them and a linear output: a
     * rectified network, as a float32 array in x's manager. In bfloat16 the activations stay bfloat16 between layers.
     */
    public abstract NDArray reluChain(NDArray x, List<NDArray> weights, List<NDArray> biases);

    /**
     * 3×3 convolutions with stride 1 and padding 1 (the size that keeps the image) applied in turn to x (batch, in, h,
     * w), ReLU between them and a linear output, as a float32 array (batch, out, h, w) in x's manager. Each weight is
     * stored (out, in·3·3), PyTorch's (out, in, 3, 3) kernel flattened; each bias (out). In bfloat16 the activations
     * stay bfloat16 between layers.
     */
    public abstract NDArray reluConvChain(NDArray x, List<NDArray> weights, List<NDArray> biases);

    /**
     * x in the format this precision's products read, for measuring the bare product ({@code a.matMul(b)} of two
     * operands): DJL cannot read a bfloat16 array back or name its type, so such an operand serves only as the input
     * of further engine operations.
     */
    public abstract NDArray operand(NDArray x);
}
