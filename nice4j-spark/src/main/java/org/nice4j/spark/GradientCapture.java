package org.nice4j.spark;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nice4j.train.Optimizer;

/**
 * An "optimizer" that keeps each parameter's gradient instead of updating it: run inside a
 * {@link org.nice4j.train.TrainingStep}, it yields the minibatch's gradient of the loss the library trains, which the
 * driver averages over the workers for one synchronous step.
 */
final class GradientCapture extends Optimizer {
    private final LinkedHashMap<String, float[]> gradients = new LinkedHashMap<>();

    GradientCapture(Map<String, NDArray> parameters) {
        super(parameters);
    }

    @Override
    public String id() {
        return "gradient-capture";
    }

    @Override
    protected void update(List<Part> parts, double learningRate, double momentum, long step) {
        for (Part part : parts) {
            gradients.put(part.name(), part.gradient().toFloatArray());
        }
    }

    /** The last step's gradients by parameter name. */
    LinkedHashMap<String, float[]> gradients() {
        return gradients;
    }
}
