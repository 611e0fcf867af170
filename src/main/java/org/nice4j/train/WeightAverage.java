package org.nice4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nice4j.NiceException;
import org.nice4j.engine.TorchScriptModule;

/**
 * An exponential moving (Polyak) average of the parameters over the training steps. The last steps' weights of a
 * likelihood model scatter around a better point than any one of them; the average is what a run validates, keeps and
 * tests, while the optimizer keeps stepping the raw weights. The decay of step t is min(decay, (1 + t) / (10 + t)), so
 * the early average is not held back by the random start; it is a function of the step alone, so a resumed run
 * continues the same average from the checkpoint's arrays. Each step's fold a ← a + (1 − keep)·(θ − a) is one
 * engine call ({@code _foreach_lerp_}) over every parameter: a single vectorised pass over a and θ.
 */
public final class WeightAverage {
    private final Map<String, NDArray> parameters;
    private final double decay;
    private final LinkedHashMap<String, NDArray> averages = new LinkedHashMap<>();

    /**
     * @param decay how much of the average each step keeps, in [0, 1); 0 for no averaging (the run uses the raw
     *              weights)
     */
    public WeightAverage(Map<String, NDArray> parameters, double decay) {
        this.parameters = parameters;
        this.decay = decay;
    }

    /** Whether this run averages at all. */
    public boolean active() {
        return decay > 0;
    }

    /** Folds the parameters after the 1-based training step {@code step} into the average. */
    public void update(long step) {
        if (!active()) {
            return;
        }
        double keep = Math.min(decay, (1.0 + step) / (10.0 + step));
        List<NDArray> folded = new ArrayList<>();
        List<NDArray> current = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray average = averages.get(e.getKey());
            if (average == null) {
                averages.put(e.getKey(), e.getValue().duplicate());
            } else {
                folded.add(average);
                current.add(e.getValue());
            }
        }
        if (!folded.isEmpty()) {
            Kernel.MODULE.runOnLists("fold", List.of(folded, current), 1 - keep);
        }
    }

    /**
     * Exchanges the parameters' values with the average's, in place: call once to judge or save the averaged model and
     * once more to continue training the raw weights (both exchanges are exact copies).
     */
    public void swap() {
        if (averages.isEmpty()) {
            return;
        }
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray p = e.getValue();
            NDArray average = averages.get(e.getKey());
            try (NDManager scope = p.getManager().newSubManager()) {
                NDArray raw = p.duplicate();
                raw.attach(scope);
                p.muli(0).addi(average);
                average.muli(0).addi(raw);
            }
        }
    }

    /** The averaged arrays by parameter name, for a checkpoint; empty before the first step. */
    public Map<String, NDArray> state() {
        return averages;
    }

    /** Restores arrays saved from {@link #state()}, copied onto the parameters' device. */
    public void load(Map<String, NDArray> saved) {
        for (Map.Entry<String, NDArray> e : saved.entrySet()) {
            NDArray param = parameters.get(e.getKey());
            if (param == null || !param.getShape().equals(e.getValue().getShape())) {
                throw new NiceException("averaged weights '" + e.getKey() + "' do not match the model's parameters");
            }
            NDArray copy = e.getValue().toDevice(param.getDevice(), false).duplicate();
            copy.attach(param.getManager());
            NDArray old = averages.put(e.getKey(), copy);
            if (old != null) {
                old.close();
            }
        }
    }

    /** Compiled on first use, once per process; θ detached so the fold stays off the autograd tape. */
    private static final class Kernel {
        static final TorchScriptModule MODULE = new TorchScriptModule("""
                def fold(self: __torch__.Kernels, a: List[Tensor], p: List[Tensor], rest: float) -> int:
                  params = [torch.detach(t) for t in p]
                  torch._foreach_lerp_(a, params, rest)
                  return len(a)
                """, "weight average");
    }
}
