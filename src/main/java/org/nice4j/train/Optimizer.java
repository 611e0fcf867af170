package org.nice4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nice4j.NiceException;
import org.nice4j.engine.Gradients;
import org.nice4j.engine.Host;

/**
 * A gradient-based update rule over a fixed set of parameters. Each step takes the gradient of a loss with respect to
 * every parameter from the engine ({@link Gradients}) and updates the parameters in place; nothing accumulates in the
 * parameters' gradient buffers. The rule's state (running averages, velocities) lives in named arrays beside the
 * parameters, so a checkpoint can store and restore it exactly.
 */
public abstract class Optimizer {
    private final Map<String, NDArray> parameters;
    private final LinkedHashMap<String, NDArray> slots = new LinkedHashMap<>();
    private long steps;
    private NDManager scope;

    protected Optimizer(Map<String, NDArray> parameters) {
        this.parameters = parameters;
    }

    /** Short name stored in checkpoints: "rmsprop", "adam". */
    public abstract String id();

    /** One parameter's share of an update: its name, the array updated in place and this step's gradient for it. */
    protected record Part(String name, NDArray parameter, NDArray gradient) {}

    /**
     * Updates every parameter in place, in one go so that a rule can hand them all to one engine call (each call
     * costs a round trip through the bridge, and libtorch's multi-tensor kernels walk a list of arrays in one pass).
     * Temporaries are freed right after; each gradient is this step's own array and may be used as scratch.
     *
     * @param step the 1-based number of this update
     */
    protected abstract void update(List<Part> parts, double learningRate, double momentum, long step);

    /**
     * One update of every parameter along the gradient of {@code loss}, whose autograd graph is used up.
     *
     * @param loss         a scalar recorded for autograd (in a gradient collector's block)
     * @param learningRate the step size for this step (schedules are applied by the caller)
     * @param momentum     the momentum for this step; rules without momentum ignore it
     */
    public final void step(NDArray loss, double learningRate, double momentum) {
        step(gradients(loss), learningRate, momentum);
    }

    /**
     * The gradient of {@code loss} with respect to every parameter, in the parameters' order, for
     * {@link #step(NDArray[], double, double)}; the loss's autograd graph is used up.
     */
    public final NDArray[] gradients(NDArray loss) {
        return Gradients.of(loss, List.copyOf(parameters.values()));
    }

    /**
     * One update of every parameter along given gradients (a data-parallel driver's average of its workers'), in the
     * parameters' order and shapes; each is freed after its parameter's update.
     */
    public final void step(NDArray[] gradients, double learningRate, double momentum) {
        if (gradients.length != parameters.size()) {
            throw new IllegalArgumentException(
                    gradients.length + " gradients for " + parameters.size() + " parameters");
        }
        steps++;
        if (parameters.isEmpty()) {
            return;
        }
        // Ops put their result in the manager of their first operand. Lending the parameters and their state to a
        // scope for the update makes every temporary land there and be freed with it, the gradients too.
        try (NDManager stepScope = parameters.values().iterator().next().getManager().newSubManager()) {
            scope = stepScope;
            List<Part> parts = new ArrayList<>(parameters.size());
            int k = 0;
            for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
                NDArray p = e.getValue();
                NDArray g = gradients[k++];
                p.tempAttach(stepScope);
                g.attach(stepScope);
                parts.add(new Part(e.getKey(), p, g));
            }
            update(parts, learningRate, momentum, steps);
        } finally {
            scope = null;
        }
    }

    /** The state slot {@code slot} of parameter {@code name}, zero on first use; call only from update. */
    protected final NDArray slot(String name, NDArray parameter, String slot) {
        NDArray s = slots.computeIfAbsent(name + "/" + slot, k -> {
            NDArray z = parameter.zerosLike();
            z.attach(scope.getParentManager());
            return z;
        });
        s.tempAttach(scope);
        return s;
    }

    /**
     * {@code value} as a scalar array, freed with the update's other temporaries; call only from update. DJL's
     * {@code mul(Number)} and the like would stage every such number in a direct buffer of its own, which only the
     * garbage collector frees: hundreds a step.
     */
    protected final NDArray scalar(double value) {
        return Host.scalar(scope, value);
    }

    /** State arrays by name ("0.m.w0/mean_square"), in creation order. */
    public final LinkedHashMap<String, NDArray> state() {
        return slots;
    }

    /** Updates applied so far. */
    public final long steps() {
        return steps;
    }

    /** Restores state saved from {@link #state()}; arrays are copied onto the parameters' device. */
    public final void load(Map<String, NDArray> saved, long savedSteps) {
        for (Map.Entry<String, NDArray> e : saved.entrySet()) {
            String name = e.getKey();
            int slash = name.lastIndexOf('/');
            NDArray param = slash < 0 ? null : parameters.get(name.substring(0, slash));
            if (param == null || !param.getShape().equals(e.getValue().getShape())) {
                throw new NiceException("optimizer state '" + name + "' does not match the model's parameters");
            }
            // toDevice to the same device aliases instead of copying: duplicate for memory of our own.
            NDArray copy = e.getValue().toDevice(param.getDevice(), false).duplicate();
            copy.attach(param.getManager());
            NDArray old = slots.put(name, copy);
            if (old != null) {
                old.close();
            }
        }
        this.steps = savedSteps;
    }
}
