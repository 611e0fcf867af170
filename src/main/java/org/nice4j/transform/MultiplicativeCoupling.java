package org.nice4j.transform;

import ai.djl.ndarray.NDArray;
import org.nice4j.nn.CouplingNetwork;

/**
 * NICE's multiplicative coupling law (paper §3.2): y₂ = x₂ ⊙ b(x₁). The law is invertible only where b ≠ 0, so b
 * is parametrised as b = exp(s(x₁)) with s soft-clamped: b lies in (e^−c, e^c), never 0, and log|det| = Σ s. The
 * network outputs |x₂| values, the raw s.
 */
public final class MultiplicativeCoupling extends ScaleShiftCoupling {

    /** @param clamp bound of the soft clamp on s; 0 for none */
    public MultiplicativeCoupling(Partition partition, CouplingNetwork.Factory network, double clamp) {
        super(partition, network, false, clamp);
    }

    @Override
    protected NDArray logScale(NDArray clamped) {
        return clamped;
    }
}
