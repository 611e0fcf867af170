package org.nice4j.model;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nice4j.Seeds;
import org.nice4j.nn.CouplingNetwork;
import org.nice4j.nn.Init;
import org.nice4j.nn.Mlp;
import org.nice4j.transform.AdditiveCoupling;
import org.nice4j.transform.AffineCoupling;
import org.nice4j.transform.DiagonalScaling;
import org.nice4j.transform.GinCoupling;
import org.nice4j.transform.Partition;
import org.nice4j.transform.Permutation;
import org.nice4j.transform.Transform;

/** Builds the transform chain a {@link ModelConfig} describes, with parameters drawn from a seeded generator. */
final class FlowBuilder {
    private FlowBuilder() {}

    static List<Transform> build(ModelConfig config, NDManager manager, SplittableRandom rng) {
        List<Transform> steps = config.stages() == null
                ? flat(config, manager, rng)
                : new ArrayList<>(StagedLayout.build(config, manager, rng));
        if (config.scaling()) {
            steps.add(new DiagonalScaling(manager, config.dimension()));
        }
        return steps;
    }

    private static List<Transform> flat(ModelConfig config, NDManager manager, SplittableRandom rng) {
        NetworkConfig n = config.network();
        CouplingNetwork.Factory networks = Mlp.factory(manager, n.hidden(), n.depth(), Init.parse(n.init()),
                n.initScale(), n.zeroLast(), rng);
        List<Transform> steps = new ArrayList<>();
        for (int i = 0; i < config.couplings(); i++) {
            if (i % 2 == 0 && config.permutationSeed() != null) {
                steps.add(Permutation.random(config.dimension(), Seeds.mix(config.permutationSeed(), i / 2)));
            }
            steps.add(coupling(config, partition(config, i % 2), networks));
        }
        return steps;
    }

    /** The coupling law the configuration names, on the given partition. */
    static Transform coupling(ModelConfig config, Partition partition, CouplingNetwork.Factory networks) {
        return switch (config.coupling()) {
            case "additive" -> new AdditiveCoupling(partition, networks);
            case "affine" -> new AffineCoupling(partition, networks, config.clamp());
            case "multiplicative" -> AffineCoupling.multiplicative(partition, networks, config.clamp());
            case "gin" -> new GinCoupling(partition, networks, config.clamp());
            default -> throw new IllegalStateException("unvalidated coupling " + config.coupling());
        };
    }

    private static Partition partition(ModelConfig config, int parity) {
        return switch (config.partition()) {
            case "odd-even" -> Partition.oddEven(config.dimension(), parity);
            case "halves" -> Partition.halves(config.dimension(), parity);
            default -> throw new IllegalStateException("unvalidated partition " + config.partition());
        };
    }
}
