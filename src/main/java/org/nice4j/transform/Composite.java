package org.nice4j.transform;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nice4j.engine.Scope;

/** f = f_L ∘ … ∘ f_1: forward runs the list in order, inverse in reverse; log-determinants add up. */
public final class Composite implements Transform {
    private final List<Transform> steps;

    public Composite(List<Transform> steps) {
        this.steps = List.copyOf(steps);
    }

    public List<Transform> steps() {
        return steps;
    }

    @Override
    public Transformed forward(NDArray x) {
        NDArray value = x;
        NDArray logDet = Scope.zeroLogDet(x);
        for (Transform step : steps) {
            Transformed t = step.forward(value);
            value = t.value();
            logDet = logDet.add(t.logDet());
        }
        return new Transformed(value, logDet);
    }

    @Override
    public PushedForward pushForward(NDArray x, NDArray v) {
        NDArray value = x;
        NDArray tangent = v;
        NDArray logDet = Scope.zeroLogDet(x);
        for (Transform step : steps) {
            PushedForward p = step.pushForward(value, tangent);
            value = p.value();
            tangent = p.tangent();
            logDet = logDet.add(p.logDet());
        }
        return new PushedForward(value, tangent, logDet);
    }

    @Override
    public Transformed inverse(NDArray y) {
        NDArray value = y;
        NDArray logDet = Scope.zeroLogDet(y);
        for (int i = steps.size() - 1; i >= 0; i--) {
            Transformed t = steps.get(i).inverse(value);
            value = t.value();
            logDet = logDet.add(t.logDet());
        }
        return new Transformed(value, logDet);
    }

    @Override
    public Map<String, NDArray> parameters() {
        return collect(Transform::parameters);
    }

    @Override
    public Map<String, NDArray> statistics() {
        return collect(Transform::statistics);
    }

    /** Starts each step from the batch as the steps before it leave it. */
    @Override
    public NDArray startFromData(NDArray x, double targetStd) {
        NDArray value = x;
        for (Transform step : steps) {
            value = step.startFromData(value, targetStd);
        }
        return value;
    }

    @Override
    public boolean startsFromData() {
        return steps.stream().anyMatch(Transform::startsFromData);
    }

    private Map<String, NDArray> collect(Function<Transform, Map<String, NDArray>> arrays) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            out.putAll(Prefixed.of(i + ".", arrays.apply(steps.get(i))));
        }
        return out;
    }
}
