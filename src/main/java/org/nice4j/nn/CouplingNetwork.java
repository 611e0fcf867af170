package org.nice4j.nn;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/** The arbitrary function m(x₁) inside a coupling layer: any map from (batch, in) to (batch, out). */
public interface CouplingNetwork {

    NDArray apply(NDArray x);

    /** Trainable arrays by local name. */
    Map<String, NDArray> parameters();

    /** Builds the network for a coupling whose key has {@code in} and message {@code out} coordinates. */
    @FunctionalInterface
    interface Factory {
        CouplingNetwork create(int in, int out);
    }
}
