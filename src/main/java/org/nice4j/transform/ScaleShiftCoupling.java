package org.nice4j.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.Map;
import org.nice4j.engine.Host;
import org.nice4j.nn.CouplingNetwork;

/**
 * The coupling law shared by RealNVP, GIN and NICE's multiplicative coupling: y₁ = x₁, y₂ = x₂ ⊙ exp(s(x₁)) + t(x₁),
 * with log|det| = Σ s. One network computes the raw scale outputs and (optionally) t together, as in Glow and
 * GIN appendix D: |x₂| raw log-scales, then |x₂| shifts. Subclasses ({@link AffineCoupling}, {@link GinCoupling})
 * say how the soft-clamped raw log-scales become the log-scales s, which is all that differs between them.
 *
 * <p>Writing the scale as exp(s) keeps it positive, so every coupling of this family is invertible for any
 * network: x₂ = (y₂ − t(y₁)) ⊙ exp(−s(y₁)).
 */
public abstract class ScaleShiftCoupling implements Transform {
    private final Partition partition;
    private final CouplingNetwork network;
    private final boolean shift;
    private final double clamp;

    /**
     * @param shift        whether the coupling adds t(x₁) (false: a purely multiplicative coupling)
     * @param clamp        bound c of the soft clamp s = c·tanh(raw/c) (see {@link #softClamp}); 0 or less: unbounded
     */
    protected ScaleShiftCoupling(Partition partition, CouplingNetwork.Factory network, boolean shift, double clamp) {
        this.partition = partition;
        this.shift = shift;
        this.clamp = clamp;
        this.network = network.create(partition.keySize(), (shift ? 2 : 1) * partition.messageSize());
    }

    /** The log-scales s, shape (batch, messageSize), from the soft-clamped raw scale outputs. */
    protected abstract NDArray logScale(NDArray clamped);

    /** log|det| of the forward map for log-scales s: Σ s per example (overridden where it is known exactly). */
    protected NDArray logDet(NDArray s) {
        return s.sum(new int[] {1});
    }

    @Override
    public final Transformed forward(NDArray x) {
        Partition.Parts parts = partition.split(x);
        NDArray key = parts.key();
        Outputs o = outputs(key);
        NDArray y2 = parts.message().mul(o.s.exp());
        if (o.t != null) {
            y2 = y2.add(o.t);
        }
        return new Transformed(partition.merge(key, y2), logDet(o.s));
    }

    @Override
    public final Transformed inverse(NDArray y) {
        Partition.Parts parts = partition.split(y);
        NDArray key = parts.key();
        Outputs o = outputs(key);
        NDArray x2 = parts.message();
        if (o.t != null) {
            x2 = x2.sub(o.t);
        }
        return new Transformed(partition.merge(key, x2.mul(o.s.neg().exp())), logDet(o.s).neg());
    }

    private record Outputs(NDArray s, NDArray t) {}

    private Outputs outputs(NDArray key) {
        NDArray out = network.apply(key);
        if (!shift) {
            return new Outputs(logScale(softClamp(out, clamp)), null);
        }
        NDList rawAndShift = out.split(new long[] {partition.messageSize()}, 1); // not two slices: see Partition#split
        return new Outputs(logScale(softClamp(rawAndShift.get(0), clamp)), rawAndShift.get(1));
    }

    /**
     * s = c·tanh(raw/c): the identity near 0 (so an identity-initialised network stays the identity and small
     * scales train as if unclamped) and bounded to (−c, c), which keeps exp(s) within (e^−c, e^c) and stops a few
     * large outputs from blowing up the flow. GIN writes its clamp as 2·tanh(raw) (appendix D); this is the same
     * bound with unit slope at 0, as in FrEIA's later couplings. {@code c <= 0} leaves raw as it is.
     */
    public static NDArray softClamp(NDArray raw, double c) {
        return c > 0 ? Host.times(Host.times(raw, 1 / c).tanh(), c) : raw;
    }

    @Override
    public final Map<String, NDArray> parameters() {
        return Prefixed.of("net.", network.parameters());
    }

    public final Partition partition() {
        return partition;
    }
}
