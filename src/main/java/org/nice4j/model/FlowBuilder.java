package org.nice4j.model;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nice4j.Seeds;
import org.nice4j.nn.CouplingNetwork;
import org.nice4j.nn.Init;
import org.nice4j.nn.Mlp;
import org.nice4j.transform.DiagonalScaling;
import org.nice4j.transform.Permutation;
import org.nice4j.transform.Transform;

/** Builds the transform chain a {@link ModelConfig} describes, with parameters drawn from a seeded generator. */
final class FlowBuilder {
    private FlowBuilder() {}

    static List<Transform> build(ModelConfig config, NDManager manager, int dimension, SplittableRandom rng) {
        List<Transform> steps = config.staged()
                ? new ArrayList<>(StagedLayout.build(config, manager, rng))
                : flat(config, manager, dimension, rng);
        if (config.scaling()) {
            steps.add(new DiagonalScaling(manager, dimension));
        }
        return steps;
    }

    private static List<Transform> flat(ModelConfig config, NDManager manager, int dimension, SplittableRandom rng) {
        NetworkConfig n = config.network();
        CouplingNetwork.Factory networks = Mlp.factory(manager, n.hidden(), n.depth(), Init.parse(n.init()),
                n.initScale(), n.zeroLast(), rng);
        List<Transform> steps = new ArrayList<>();
        for (int i = 0; i < config.couplings(); i++) {
            if (i % 2 == 0 && config.permutationSeed() != null) {
                steps.add(Permutation.random(dimension, Seeds.mix(config.permutationSeed(), i / 2)));
            }
            steps.add(config.coupling().create(config.partition().of(dimension, i % 2), networks, config.clamp()));
        }
        return steps;
    }
}
