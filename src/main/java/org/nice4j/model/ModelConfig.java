package org.nice4j.model;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nice4j.ImageShape;
import org.nice4j.InvalidSettingException;
import org.nice4j.prior.Prior;
import org.nice4j.prior.PriorKind;
import org.nice4j.transform.Transform;

/**
 * The architecture of a flow, as data: presets are instances of this record, and the model file stores it so a
 * model can be rebuilt exactly.
 *
 * <p>The number of coordinates D is not part of it: a flat layout takes it from the data it is built for, and a
 * staged layout from its image shape. Model files written when D was stored here still read back (it is ignored).
 *
 * @param coupling   coupling law (see {@link CouplingKind})
 * @param couplings  number of coupling layers; layer i keys on part (i mod 2) of the partition, alternating roles, so
 *                   layers 2k and 2k+1 form a block in which each part conditions the other. 0 (absent) with stages
 * @param partition  how a flat layout splits the coordinates (see {@link PartitionKind}); null (absent) with stages
 * @param network    the coupling network m; with stages, its init law for every network and the hidden widths of
 *                   stages that give none
 * @param scaling    whether a diagonal scaling layer h = x·exp(s) sits on top
 * @param prior      the base density (see {@link PriorKind}): NICE's factorial logistic or normal, or GIN's
 *                   class-conditional Gaussian (eq. 7) with minibatch or learned moments
 * @param clamp      bound c of the soft clamp c·tanh(s/c) on the log-scales of affine, multiplicative and GIN
 *                   couplings (GIN uses 2); 0 for none, and ignored by additive couplings
 * @param permutationSeed when set, a random but fixed permutation of the coordinates precedes every block of two
 *                   couplings (GIN appendix D), block k's drawn from {@code Seeds.mix(permutationSeed, k)}; storing the
 *                   seed rather than the permutations keeps model files free of non-trainable tensors. Null: none.
 *                   With stages, block k counts blocks across all stages
 * @param image      the (C, H, W) layout of the input rows; only with stages
 * @param stages     when set, the layout is these {@link Stage}s (GIN Table 3) instead of {@code couplings} layers on
 *                   one {@code partition}. Null, and absent from the JSON, for the flat layout, so configurations and
 *                   model files written before stages existed read back unchanged
 * @param classes    the number of classes of a class-conditional prior (labels 0..classes−1); null, and absent from
 *                   the JSON, for the factorial priors
 */
@JsonIgnoreProperties({"dimension"})
public record ModelConfig(CouplingKind coupling, int couplings, PartitionKind partition, NetworkConfig network,
        boolean scaling, PriorKind prior, double clamp, Long permutationSeed,
        @JsonInclude(JsonInclude.Include.NON_NULL) ImageShape image,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Stage> stages,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer classes) implements FlowArchitecture {

    public ModelConfig {
        if (coupling == null) {
            throw new InvalidSettingException("coupling", "a flow needs a coupling law");
        }
        if (stages != null) {
            checkStages(couplings, partition, image, stages);
            stages = List.copyOf(stages);
        } else if (image != null) {
            throw new InvalidSettingException("image", "an image shape is only used by stages; give stages or drop"
                    + " the image");
        } else if (partition == null) {
            throw new InvalidSettingException("partition", "a flat layout needs a partition");
        } else if (couplings < 1) {
            throw new InvalidSettingException("couplings", "a flow needs at least one coupling layer, got " + couplings);
        }
        if (network == null) {
            throw new InvalidSettingException("network", "a flow needs a coupling network");
        }
        if (prior == null) {
            throw new InvalidSettingException("prior", "a flow needs a prior");
        }
        prior.check(classes);
        if (!(clamp >= 0)) {
            throw new InvalidSettingException("clamp", "the log-scale clamp must be >= 0 (0 for none), got " + clamp);
        }
    }

    /** The flat layout: {@code couplings} layers alternating on one partition. */
    public ModelConfig(CouplingKind coupling, int couplings, PartitionKind partition, NetworkConfig network,
            boolean scaling, PriorKind prior, double clamp, Long permutationSeed) {
        this(coupling, couplings, partition, network, scaling, prior, clamp, permutationSeed, null, null, null);
    }

    /** The prior for people: "logistic prior", "class-gaussian prior over 10 classes". */
    public String priorDescription() {
        return prior + " prior" + (classes == null ? "" : " over " + classes + " classes");
    }

    /** Whether the layout is stages (GIN Table 3) rather than couplings on one partition. */
    public boolean staged() {
        return stages != null;
    }

    @Override
    public List<Transform> transforms(NDManager manager, int dimension, SplittableRandom rng) {
        if (staged() && image.size() != dimension) {
            throw new InvalidSettingException("image", "the stages' image " + image + " holds " + image.size()
                    + " values, the data " + dimension);
        }
        if (dimension < 2) {
            throw new InvalidSettingException("dimension", "a flow needs dimension >= 2, got " + dimension);
        }
        return FlowBuilder.build(this, manager, dimension, rng);
    }

    @Override
    public Prior prior(NDManager manager, int dimension) {
        return prior.create(manager, dimension, classes);
    }

    @Override
    public Optional<ModelConfig> config() {
        return Optional.of(this);
    }

    private static void checkStages(int couplings, PartitionKind partition, ImageShape image, List<Stage> stages) {
        if (couplings != 0 || partition != null) {
            throw new InvalidSettingException("stages", "a staged flow takes its couplings from its stages; drop"
                    + " 'couplings' and 'partition'");
        }
        if (image == null) {
            throw new InvalidSettingException("image", "a staged flow needs the image shape of its input rows");
        }
        if (stages.isEmpty()) {
            throw new InvalidSettingException("stages", "a staged flow needs at least one stage");
        }
        ImageShape shape = image;
        for (Stage stage : stages) {
            shape = stage.after(shape);
        }
    }

    /** A NICE architecture: additive couplings, no clamp, no permutations. */
    public static ModelConfig nice(int couplings, PartitionKind partition, NetworkConfig network, boolean scaling,
            PriorKind prior) {
        return new ModelConfig(CouplingKind.ADDITIVE, couplings, partition, network, scaling, prior, 0, null);
    }

    public ModelConfig withNetwork(NetworkConfig n) {
        return new ModelConfig(coupling, couplings, partition, n, scaling, prior, clamp, permutationSeed, image, stages,
                classes);
    }
}
