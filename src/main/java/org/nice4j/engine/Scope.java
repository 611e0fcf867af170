package org.nice4j.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * DJL attaches an op's result to the manager of its first operand. Ops that start from a parameter would
 * therefore land in the long-lived model manager and leak once per batch; {@link #like} moves them into the
 * batch's scope instead.
 */
public final class Scope {
    private Scope() {}

    /** Attaches {@code result} to the manager that owns {@code batch} and returns it. */
    public static NDArray like(NDArray batch, NDArray result) {
        result.attach(batch.getManager());
        return result;
    }

    /** A zero log-determinant for every example of {@code batch} (volume-preserving maps). */
    public static NDArray zeroLogDet(NDArray batch) {
        return batch.getManager().zeros(new Shape(batch.getShape().get(0)), batch.getDataType());
    }
}
