package org.nice4j.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;
import com.fasterxml.jackson.annotation.JsonCreator;
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
        public NDArray operand(NDArray x) {
            return BFloat16Kernels.bfloat16(x);
        }
    };

    @JsonCreator
    public static Precision parse(String id) {
        return Choice.parse(Precision.class, id, "precision");
    }

    /** x·Wᵀ + b for x of shape (…, in), W (out, in) and b (out), as a float32 array in x's manager. */
    public abstract NDArray linear(NDArray x, NDArray weight, NDArray bias);

    /**
     * x in the format this precision's products read, for measuring the bare product ({@code a.matMul(b)} of two
     * operands): DJL cannot read a bfloat16 array back or name its type, so such an operand serves only as the input
     * of further engine operations.
     */
    public abstract NDArray operand(NDArray x);
}
