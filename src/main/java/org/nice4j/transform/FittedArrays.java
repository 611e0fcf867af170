package org.nice4j.transform;

import ai.djl.ndarray.NDArray;
import org.nice4j.engine.Host;

/** Writes values fitted on the host into a stage's arrays, in place, so the model's map of arrays stays valid. */
final class FittedArrays {
    private FittedArrays() {}

    static void assign(NDArray target, double[] values) {
        if (values.length != target.size()) {
            throw new IllegalArgumentException(values.length + " values for an array of shape " + target.getShape());
        }
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        // In place (×0 then +), as a model file's parameters are loaded: the arrays hold finite values already.
        try (NDArray value = Host.array(target.getManager(), floats, target.getShape())) {
            target.muli(0).addi(value);
        }
    }
}
