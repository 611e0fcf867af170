package org.nice4j.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * The NICE paper's optimizer (pylearn2 {@code RMSPropMomentum}): a running average of squared gradients with
 * decay β, its square root floored at 1/maxScaling so that no gradient is scaled up more than maxScaling times,
 * and classical momentum on the scaled step:
 * <pre>
 *   a ← β·a + (1−β)·g²      v ← ρ·v − lr·g / max(√a, 1/maxScaling)      θ ← θ + v
 * </pre>
 */
public final class RmsPropMomentum extends Optimizer {
    private final double decay;
    private final double floor;

    /**
     * @param decay      β (paper: 0.95)
     * @param maxScaling the largest factor a gradient may be scaled by (paper: 100)
     */
    public RmsPropMomentum(Map<String, NDArray> parameters, double decay, double maxScaling) {
        super(parameters);
        this.decay = decay;
        this.floor = 1.0 / maxScaling;
    }

    @Override
    public String id() {
        return "rmsprop";
    }

    @Override
    protected void update(String name, NDArray p, NDArray g, double learningRate, double momentum, long step) {
        NDArray meanSquare = slot(name, p, "mean_square");
        NDArray velocity = slot(name, p, "velocity");
        meanSquare.muli(scalar(decay)).addi(g.square().muli(scalar(1 - decay)));
        // The gradient is zeroed after the update anyway, so it holds the scaled step: one buffer fewer.
        g.divi(meanSquare.sqrt().maximum(scalar(floor))).muli(scalar(learningRate));
        velocity.muli(scalar(momentum)).subi(g);
        p.addi(velocity);
    }
}
