package org.nice4j.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.nice4j.Choice;
import org.nice4j.nn.CouplingNetwork;
import org.nice4j.transform.AdditiveCoupling;
import org.nice4j.transform.AffineCoupling;
import org.nice4j.transform.GinCoupling;
import org.nice4j.transform.Partition;
import org.nice4j.transform.Transform;

/** The coupling laws a {@link ModelConfig} can name, spelled in model files and presets as {@link #id()}. */
public enum CouplingKind implements Choice {
    /** NICE: y₂ = x₂ + m(x₁). */
    ADDITIVE,
    /** RealNVP: y₂ = x₂ · exp(s(x₁)) + t(x₁). */
    AFFINE,
    /** NICE §3.2: y₂ = x₂ ⊙ b(x₁) with b = exp(s). */
    MULTIPLICATIVE,
    /** GIN: affine with log-scales of mean zero, so volume-preserving. */
    GIN;

    @JsonCreator
    public static CouplingKind parse(String id) {
        return Choice.parse(CouplingKind.class, id, "coupling");
    }

    /** A coupling of this law on {@code partition}, its network from {@code networks}; the clamp bounds log-scales. */
    public Transform create(Partition partition, CouplingNetwork.Factory networks, double clamp) {
        return switch (this) {
            case ADDITIVE -> new AdditiveCoupling(partition, networks);
            case AFFINE -> new AffineCoupling(partition, networks, clamp);
            case MULTIPLICATIVE -> AffineCoupling.multiplicative(partition, networks, clamp);
            case GIN -> new GinCoupling(partition, networks, clamp);
        };
    }

}
