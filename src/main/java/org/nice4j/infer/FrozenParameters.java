package org.nice4j.infer;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.nice4j.model.FlowModel;

/**
 * Switches off gradient recording for a model's parameters while open. Inference by gradient on the input
 * (inpainting) needs ∂log p/∂x only: with the parameters frozen, backward skips the weight gradients, about a
 * third of its work, and leaves nothing to accumulate in them. Closing restores the parameters that required
 * gradients before.
 */
final class FrozenParameters implements AutoCloseable {
    private final List<NDArray> frozen = new ArrayList<>();

    FrozenParameters(FlowModel model) {
        for (NDArray p : model.parameters().values()) {
            if (p.hasGradient()) {
                p.setRequiresGradient(false);
                frozen.add(p);
            }
        }
    }

    @Override
    public void close() {
        for (NDArray p : frozen) {
            p.setRequiresGradient(true);
        }
    }
}
