package org.nice4j.nn;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.nice4j.NiceException;

/** The arbitrary function m(x₁) inside a coupling layer: any map from (batch, in) to (batch, out). */
public interface CouplingNetwork {

    NDArray apply(NDArray x);

    /**
     * m(x) and its Jacobian-vector products ∂m/∂x·v, one tangent row per input row, on the tape: what a coupling needs to
     * push tangents through (see {@code Transform.pushForward}).
     *
     * @throws NiceException for a network without one
     */
    default Tangent pushForward(NDArray x, NDArray v) {
        throw new NiceException(getClass().getSimpleName() + " has no Jacobian-vector product");
    }

    /** Trainable arrays by local name. */
    Map<String, NDArray> parameters();

    /** m(x) and ∂m/∂x·v. */
    record Tangent(NDArray value, NDArray tangent) {}

    /** Builds the network for a coupling whose key has {@code in} and message {@code out} coordinates. */
    @FunctionalInterface
    interface Factory {
        CouplingNetwork create(int in, int out);
    }
}
