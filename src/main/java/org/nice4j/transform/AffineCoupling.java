package org.nice4j.transform;

import ai.djl.ndarray.NDArray;
import org.nice4j.nn.CouplingNetwork;

/**
 * The affine coupling y₂ = x₂ ⊙ exp(s(x₁)) + t(x₁), log|det| = Σ s, with soft-clamped log-scales s, in its two
 * published forms:
 * <ul>
 *   <li>RealNVP's (Dinh et al. 2016; GIN eq. 5–6), built by the constructor: one network outputs 2·|x₂| values,
 *       the first |x₂| the log-scales s, the rest the shift t;</li>
 *   <li>NICE's multiplicative law (paper §3.2), y₂ = x₂ ⊙ b(x₁), built by {@link #multiplicative}: no shift, and the
 *       network outputs the |x₂| log-scales only. The law is invertible only where b ≠ 0; b = exp(s) with s clamped
 *       lies in (e^−c, e^c), never 0.</li>
 * </ul>
 */
public final class AffineCoupling extends ScaleShiftCoupling {

    /**
     * RealNVP's coupling, with shift.
     *
     * @param clamp bound of the soft clamp on s (GIN uses 2); 0 for none
     */
    public AffineCoupling(Partition partition, CouplingNetwork.Factory network, double clamp) {
        this(partition, network, true, clamp);
    }

    private AffineCoupling(Partition partition, CouplingNetwork.Factory network, boolean shift, double clamp) {
        super(partition, network, shift, clamp);
    }

    /**
     * NICE's multiplicative coupling, without shift.
     *
     * @param clamp bound of the soft clamp on s; 0 for none
     */
    public static AffineCoupling multiplicative(Partition partition, CouplingNetwork.Factory network, double clamp) {
        return new AffineCoupling(partition, network, false, clamp);
    }

    @Override
    protected NDArray logScale(NDArray clamped) {
        return clamped;
    }
}
