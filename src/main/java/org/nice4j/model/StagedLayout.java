package org.nice4j.model;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nice4j.ImageShape;
import org.nice4j.Seeds;
import org.nice4j.nn.ConvNet;
import org.nice4j.nn.CouplingNetwork;
import org.nice4j.nn.Init;
import org.nice4j.nn.Mlp;
import org.nice4j.transform.Partition;
import org.nice4j.transform.Permutation;
import org.nice4j.transform.Squeeze;
import org.nice4j.transform.Transform;

/**
 * Builds the transform chain of a configuration with {@link Stage}s, tracking the image shape from stage to stage
 * (GIN appendix D, Table 3). Every block is a permutation, when the configuration has a permutation seed, then two
 * couplings keyed on opposite halves; blocks are numbered across stages for their permutation seeds.
 */
final class StagedLayout {
    private StagedLayout() {}

    static List<Transform> build(ModelConfig config, Layout.Staged layout, NDManager manager, SplittableRandom rng) {
        NetworkConfig n = config.network();
        Init init = n.init();
        List<Transform> steps = new ArrayList<>();
        ImageShape shape = layout.image();
        int block = 0;
        for (Stage stage : layout.stages()) {
            if (stage.type() == StageKind.SQUEEZE) {
                Squeeze squeeze = new Squeeze(shape);
                steps.add(squeeze);
                shape = squeeze.outputShape();
                continue;
            }
            boolean conv = stage.type() == StageKind.CONV_BLOCKS;
            int[] widths = stage.widths(n);
            CouplingNetwork.Factory networks = conv
                    ? ConvNet.factory(manager, shape.height(), shape.width(), widths, init, n.initScale(),
                            n.zeroLast(), rng)
                    : Mlp.factory(manager, widths.length == 0 ? 1 : widths[0], widths.length, init, n.initScale(),
                            n.zeroLast(), rng);
            for (int b = 0; b < stage.blocks(); b++, block++) {
                if (config.permutationSeed() != null) {
                    long seed = Seeds.mix(config.permutationSeed(), block);
                    steps.add(conv ? Permutation.channels(shape, seed) : Permutation.random(shape.size(), seed));
                }
                for (int parity = 0; parity < 2; parity++) {
                    Partition part = conv ? Partition.channelHalves(shape, parity)
                            : Partition.halves(shape.size(), parity);
                    steps.add(config.coupling().create(part, networks, config.clamp()));
                }
            }
        }
        return steps;
    }
}
