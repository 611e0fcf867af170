package org.nice4j.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.nice4j.engine.Scope;

/**
 * NICE's top layer: h = x · exp(s), a diagonal positive scaling parametrised exponentially, log|det| = Σ s.
 * exp(s_d) is S_dd of the paper; large S_dd marks an unimportant latent dimension (appendix A.2).
 */
public final class DiagonalScaling implements Transform {
    private final NDArray logScale;

    public DiagonalScaling(NDManager manager, int dimension) {
        this.logScale = manager.zeros(new Shape(dimension));
        this.logScale.setRequiresGradient(true);
    }

    @Override
    public Transformed forward(NDArray x) {
        return apply(x, 1);
    }

    @Override
    public PushedForward pushForward(NDArray x, NDArray v) {
        Transformed t = apply(x, 1);
        return new PushedForward(t.value(), v.mul(Scope.like(x, logScale.exp())), t.logDet());
    }

    @Override
    public Transformed inverse(NDArray y) {
        return apply(y, -1);
    }

    private Transformed apply(NDArray x, int sign) {
        // Each op that starts from the parameter is moved into the batch's scope at once, temporaries included.
        NDArray s = sign > 0 ? Scope.like(x, logScale.exp()) : Scope.like(x, logScale.neg()).exp();
        NDArray sum = Scope.like(x, logScale.sum());
        NDArray logDet = sign > 0 ? sum : sum.neg();
        return new Transformed(x.mul(s), Scope.zeroLogDet(x).add(logDet));
    }

    /** The log-scales s (a live view of the parameter: do not modify). */
    public NDArray logScale() {
        return logScale;
    }

    /** log S_dd = log σ − log std_d of the batch, so the batch leaves with spread σ in every coordinate. */
    @Override
    public NDArray startFromData(NDArray x, double targetStd) {
        NDArray logStd = x.sub(x.mean(new int[] {0}, true)).square().mean(new int[] {0}).sqrt().maximum(1e-6f).log();
        logScale.muli(0).addi(logStd.neg().add(Math.log(targetStd)));
        return forward(x).value();
    }

    @Override
    public boolean startsFromData() {
        return true;
    }

    @Override
    public Map<String, NDArray> parameters() {
        return Map.of("log_scale", logScale);
    }
}
