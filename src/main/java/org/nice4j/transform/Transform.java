package org.nice4j.transform;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.nice4j.NiceException;

/**
 * An invertible map with a tractable Jacobian determinant: the building block of every flow.
 *
 * <p>Inputs are batches of shape (batch, D). Both directions return the log-determinant of the map they apply,
 * so {@code inverse(y).logDet() == -forward(x).logDet()} at {@code y = forward(x).value()}. Results are attached
 * to the input's {@link ai.djl.ndarray.NDManager}, so a per-batch manager scope frees every temporary.
 */
public interface Transform {

    Transformed forward(NDArray x);

    Transformed inverse(NDArray y);

    /**
     * f(x), the Jacobian-vector products J(x)·v (one tangent row per input row) and log|det J(x)|, on the tape. Only
     * transforms with a cheap tangent map have it (NICE's additive couplings and scaling, and compositions of them).
     *
     * @throws NiceException for a transform without one
     */
    default PushedForward pushForward(NDArray x, NDArray v) {
        throw new NiceException(getClass().getSimpleName() + " has no Jacobian-vector product; a linearised posterior"
                + " needs a flow of additive couplings and scaling");
    }

    /** Trainable arrays by local name (stable across runs: the model file keys on them). */
    default Map<String, NDArray> parameters() {
        return Map.of();
    }

    /**
     * Arrays fitted to the data rather than trained (a whitening's mean and basis), by local name: the model file
     * keeps them beside the parameters, and no optimizer ever sees them.
     */
    default Map<String, NDArray> statistics() {
        return Map.of();
    }

    /**
     * A data-dependent start, in the manner of Glow's ActNorm: given a batch of this transform's inputs, sets the
     * parameters that fix the spread of its output so that every coordinate leaves with standard deviation
     * {@code targetStd}, and returns the batch's image under the new parameters. A transform with nothing to set (the
     * default) leaves its parameters alone and passes the batch on.
     */
    default NDArray startFromData(NDArray x, double targetStd) {
        return forward(x).value();
    }

    /** Whether {@link #startFromData} sets anything. */
    default boolean startsFromData() {
        return false;
    }
}
