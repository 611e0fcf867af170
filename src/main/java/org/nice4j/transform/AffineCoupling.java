package org.nice4j.transform;

import ai.djl.ndarray.NDArray;
import org.nice4j.nn.CouplingNetwork;

/**
 * RealNVP's affine coupling (Dinh et al. 2016; GIN eq. 5–6): y₂ = x₂ ⊙ exp(s(x₁)) + t(x₁), log|det| = Σ s. One
 * network outputs 2·|x₂| values, the first |x₂| the (soft-clamped) log-scales s, the rest the shift t.
 */
public final class AffineCoupling extends ScaleShiftCoupling {

    /** @param clamp bound of the soft clamp on s (GIN uses 2); 0 for none */
    public AffineCoupling(Partition partition, CouplingNetwork.Factory network, double clamp) {
        super(partition, network, true, clamp);
    }

    @Override
    protected NDArray logScale(NDArray clamped) {
        return clamped;
    }
}
