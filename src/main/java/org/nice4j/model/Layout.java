package org.nice4j.model;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nice4j.ImageShape;
import org.nice4j.InvalidSettingException;
import org.nice4j.Seeds;
import org.nice4j.nn.CouplingNetwork;
import org.nice4j.nn.Mlp;
import org.nice4j.transform.Permutation;
import org.nice4j.transform.Transform;

/** How a {@link ModelConfig} arranges its couplings: one of a flat chain on one partition, or GIN's stages. */
public sealed interface Layout {

    /** The couplings (and permutations) of this layout, before any scaling layer, for rows of {@code dimension}. */
    List<Transform> transforms(ModelConfig config, NDManager manager, int dimension, SplittableRandom rng);

    /** The layout of {@code config} in words: the flat layers, or the stages of an image flow in order. */
    String describe(ModelConfig config);

    /**
     * NICE's layout: {@code couplings} layers on one partition; layer i keys on part (i mod 2), so layers 2k and 2k+1
     * form a block in which each part conditions the other.
     */
    record Flat(int couplings, PartitionKind partition) implements Layout {
        public Flat {
            if (couplings < 1) {
                throw new InvalidSettingException("couplings", "a flow needs at least one coupling layer, got "
                        + couplings);
            }
            if (partition == null) {
                throw new InvalidSettingException("partition", "a flat layout needs a partition");
            }
        }

        @Override
        public List<Transform> transforms(ModelConfig config, NDManager manager, int dimension,
                SplittableRandom rng) {
            NetworkConfig n = config.network();
            CouplingNetwork.Factory networks = Mlp.factory(manager, n.widthFor(dimension), n.depth(), n.init(),
                    n.initScale(), n.zeroLast(), rng);
            List<Transform> steps = new ArrayList<>();
            for (int i = 0; i < couplings; i++) {
                if (i % 2 == 0 && config.permutationSeed() != null) {
                    steps.add(Permutation.random(dimension, Seeds.mix(config.permutationSeed(), i / 2)));
                }
                steps.add(config.coupling().create(partition.of(dimension, i % 2), networks, config.clamp()));
            }
            return steps;
        }

        @Override
        public String describe(ModelConfig config) {
            NetworkConfig n = config.network();
            String width = n.widthPerDimension() > 0 ? "max(" + n.hidden() + ", " + n.widthPerDimension() + "·D)"
                    : String.valueOf(n.hidden());
            return String.format(Locale.ROOT, "%d %s couplings (%s partition), m = %d x %s ReLU", couplings,
                    config.coupling().id(), partition.id(), n.depth(), width);
        }
    }

    /** GIN's layout (Table 3): {@link Stage}s on rows that are (C, H, W) images of shape {@code image}. */
    record Staged(ImageShape image, List<Stage> stages) implements Layout {
        public Staged {
            if (image == null) {
                throw new InvalidSettingException("image", "a staged flow needs the image shape of its input rows");
            }
            if (stages == null || stages.isEmpty()) {
                throw new InvalidSettingException("stages", "a staged flow needs at least one stage");
            }
            stages = List.copyOf(stages);
            ImageShape shape = image;
            for (Stage stage : stages) {
                shape = stage.after(shape);
            }
        }

        @Override
        public List<Transform> transforms(ModelConfig config, NDManager manager, int dimension,
                SplittableRandom rng) {
            if (image.size() != dimension) {
                throw new InvalidSettingException("image", "the stages' image " + image + " holds " + image.size()
                        + " values, the data " + dimension);
            }
            return StagedLayout.build(config, this, manager, rng);
        }

        @Override
        public String describe(ModelConfig config) {
            StringBuilder b = new StringBuilder(config.coupling().id() + " stages on " + image + ":");
            for (Stage stage : stages) {
                b.append(' ').append(stage.type() == StageKind.SQUEEZE ? StageKind.SQUEEZE.id()
                        : stage.blocks() + " " + stage.type().id() + " " + Arrays.toString(stage.widths(config.network())));
                b.append(',');
            }
            return b.substring(0, b.length() - 1);
        }
    }
}
