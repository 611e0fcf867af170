package org.nice4j.transform;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.nice4j.engine.Scope;
import org.nice4j.nn.CouplingNetwork;

/**
 * NICE's additive coupling (paper eq. 3–4): y₁ = x₁, y₂ = x₂ + m(x₁). Unit Jacobian determinant for any m; the
 * inverse costs exactly one more evaluation of m.
 */
public final class AdditiveCoupling implements Transform {
    private final Partition partition;
    private final CouplingNetwork m;

    public AdditiveCoupling(Partition partition, CouplingNetwork.Factory network) {
        this.partition = partition;
        this.m = network.create(partition.keySize(), partition.messageSize());
    }

    @Override
    public Transformed forward(NDArray x) {
        Partition.Parts parts = partition.split(x);
        NDArray y = partition.merge(parts.key(), parts.message().add(m.apply(parts.key())));
        return new Transformed(y, Scope.zeroLogDet(x));
    }

    /** y₂ = x₂ + m(x₁) moves a tangent as v₂ + ∂m/∂x₁·v₁; the key half passes unchanged. */
    @Override
    public PushedForward pushForward(NDArray x, NDArray v) {
        Partition.Parts parts = partition.split(x);
        Partition.Parts tangents = partition.split(v);
        CouplingNetwork.Tangent shift = m.pushForward(parts.key(), tangents.key());
        return new PushedForward(partition.merge(parts.key(), parts.message().add(shift.value())),
                partition.merge(tangents.key(), tangents.message().add(shift.tangent())), Scope.zeroLogDet(x));
    }

    @Override
    public Transformed inverse(NDArray y) {
        Partition.Parts parts = partition.split(y);
        NDArray x = partition.merge(parts.key(), parts.message().sub(m.apply(parts.key())));
        return new Transformed(x, Scope.zeroLogDet(y));
    }

    @Override
    public Map<String, NDArray> parameters() {
        return Prefixed.of("m.", m.parameters());
    }

    public Partition partition() {
        return partition;
    }
}
