package org.nice4j.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.nice4j.nn.CouplingNetwork;

/**
 * GIN's volume-preserving affine coupling (GIN §4.1): an affine coupling whose last log-scale is minus the sum of
 * the others, s_m = −(s_1 + … + s_{m−1}), so Σ s = 0 and the Jacobian determinant is exactly 1. Dimensions may
 * still grow, but only by shrinking others in proportion, which keeps a latent variable's standard deviation a
 * measure of its importance (GIN §3.3).
 *
 * <p>The network outputs (|x₂| − 1) raw log-scales, soft-clamped each, then |x₂| shifts. The derived last
 * log-scale is not clamped itself; its size is at most (|x₂| − 1)·clamp. (FrEIA's implementation subtracts the
 * mean of all |x₂| clamped log-scales instead; both give Σ s = 0, this follows the paper's text.) With one message
 * coordinate there is no free log-scale and the coupling is NICE's additive one.
 *
 * <p>log|det| is reported as exact zeros rather than the floating-point sum of s, which would be ~1e−7.
 */
public final class GinCoupling extends ScaleShiftCoupling {

    /** @param clamp bound of the soft clamp on the free log-scales (GIN uses 2); 0 for none */
    public GinCoupling(Partition partition, CouplingNetwork.Factory network, double clamp) {
        super(partition, network, partition.messageSize() - 1, true, clamp);
    }

    @Override
    protected NDArray logScale(NDArray clamped, NDArray key) {
        if (clamped == null) {
            return key.getManager().zeros(new Shape(key.getShape().get(0), 1), key.getDataType());
        }
        return clamped.concat(clamped.sum(new int[] {1}, true).neg(), 1);
    }

    @Override
    protected NDArray logDet(NDArray s) {
        return Scope.zeroLogDet(s);
    }
}
