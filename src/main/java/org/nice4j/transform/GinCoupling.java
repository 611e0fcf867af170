package org.nice4j.transform;

import ai.djl.ndarray.NDArray;
import org.nice4j.engine.Scope;
import org.nice4j.nn.CouplingNetwork;

/**
 * GIN's volume-preserving affine coupling (GIN §4.1): an affine coupling whose log-scales are shifted to sum to
 * zero, so the Jacobian determinant is exactly 1. Dimensions may still grow, but only by shrinking others in
 * proportion, which keeps a latent variable's standard deviation a measure of its importance (GIN §3.3).
 *
 * <p>The network outputs |x₂| raw log-scales and |x₂| shifts; the raw log-scales are soft-clamped and then their
 * mean is subtracted, s = c − mean(c). The paper's text instead sets the last log-scale to minus the sum of the
 * others; both give Σ s = 0, but there the derived component is unbounded ((|x₂| − 1)·clamp) and in training with
 * Adam at 1e−2 it drove the GIN toy experiment to overflow. Mean subtraction bounds every |s_i| by 2·clamp, treats
 * all coordinates alike, and is what the authors' FrEIA {@code GINCouplingBlock} does. With one message coordinate
 * s ≡ 0 and the coupling is NICE's additive one.
 *
 * <p>log|det| is reported as exact zeros rather than the floating-point sum of s, which would be ~1e−7.
 */
public final class GinCoupling extends ScaleShiftCoupling {

    /** @param clamp bound of the soft clamp on the raw log-scales (GIN uses 2); 0 for none */
    public GinCoupling(Partition partition, CouplingNetwork.Factory network, double clamp) {
        super(partition, network, true, clamp);
    }

    @Override
    protected NDArray logScale(NDArray clamped) {
        return clamped.sub(clamped.mean(new int[] {1}, true));
    }

    @Override
    protected NDArray logDet(NDArray s) {
        return Scope.zeroLogDet(s);
    }
}
