package org.nice4j.model;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nice4j.ImageShape;
import org.nice4j.InvalidSettingException;
import org.nice4j.prior.Prior;
import org.nice4j.prior.PriorKind;
import org.nice4j.transform.DiagonalScaling;
import org.nice4j.transform.Transform;

/**
 * The architecture of a flow, as data: presets are instances of this record, and the model file stores it so a
 * model can be rebuilt exactly.
 *
 * <p>In JSON the layout's fields sit beside the others, as before layouts were typed: {@code couplings} and
 * {@code partition} for a flat layout, {@code image} and {@code stages} for a staged one.
 *
 * <p>The number of coordinates D is not part of it: a flat layout takes it from the data it is built for, and a
 * staged layout from its image shape. Model files written when D was stored here still read back (it is ignored).
 *
 * @param coupling   coupling law (see {@link CouplingKind})
 * @param layout     a flat chain of couplings on one partition, or GIN's stages (see {@link Layout})
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
 * @param classes    the number of classes of a class-conditional prior (labels 0..classes−1); null, and absent from
 *                   the JSON, for the factorial priors
 * @param whitening  the affine stage fitted to the training split in front of the couplings (see
 *                   {@link WhiteningKind}); absent from the JSON, as in files written before it existed, for none
 */
@JsonIgnoreProperties({"dimension"})
@JsonPropertyOrder({"coupling", "couplings", "partition", "network", "scaling", "prior", "clamp", "permutationSeed",
        "image", "stages", "classes", "whitening"})
public record ModelConfig(CouplingKind coupling, @JsonIgnore Layout layout, NetworkConfig network, boolean scaling,
        PriorKind prior, double clamp, Long permutationSeed,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer classes,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = WhiteningKind.OmittedWhenNone.class)
        WhiteningKind whitening)
        implements FlowArchitecture {

    public ModelConfig {
        if (coupling == null) {
            throw new InvalidSettingException("coupling", "a flow needs a coupling law");
        }
        if (layout == null) {
            throw new InvalidSettingException("layout", "a flow needs a layout");
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
        if (whitening == null) {
            whitening = WhiteningKind.NONE;
        }
    }

    /** An architecture without a whitening stage. */
    public ModelConfig(CouplingKind coupling, Layout layout, NetworkConfig network, boolean scaling, PriorKind prior,
            double clamp, Long permutationSeed, Integer classes) {
        this(coupling, layout, network, scaling, prior, clamp, permutationSeed, classes, WhiteningKind.NONE);
    }

    /** The flat layout without classes: {@code couplings} layers alternating on one partition. */
    public ModelConfig(CouplingKind coupling, int couplings, PartitionKind partition, NetworkConfig network,
            boolean scaling, PriorKind prior, double clamp, Long permutationSeed) {
        this(coupling, new Layout.Flat(couplings, partition), network, scaling, prior, clamp, permutationSeed, null);
    }

    /** Reads the JSON of {@link ModelConfig}: the layout's fields beside the others, D ignored when present. */
    @JsonCreator
    static ModelConfig fromJson(@JsonProperty("coupling") CouplingKind coupling,
            @JsonProperty("couplings") int couplings, @JsonProperty("partition") PartitionKind partition,
            @JsonProperty("network") NetworkConfig network, @JsonProperty("scaling") boolean scaling,
            @JsonProperty("prior") PriorKind prior, @JsonProperty("clamp") double clamp,
            @JsonProperty("permutationSeed") Long permutationSeed, @JsonProperty("image") ImageShape image,
            @JsonProperty("stages") List<Stage> stages, @JsonProperty("classes") Integer classes,
            @JsonProperty("whitening") WhiteningKind whitening) {
        Layout layout;
        if (stages != null) {
            if (couplings != 0 || partition != null) {
                throw new InvalidSettingException("stages", "a staged flow takes its couplings from its stages; drop"
                        + " 'couplings' and 'partition'");
            }
            layout = new Layout.Staged(image, stages);
        } else if (image != null) {
            throw new InvalidSettingException("image", "an image shape is only used by stages; give stages or drop"
                    + " the image");
        } else {
            layout = new Layout.Flat(couplings, partition);
        }
        return new ModelConfig(coupling, layout, network, scaling, prior, clamp, permutationSeed, classes, whitening);
    }

    /** The flat layout's number of couplings, in JSON; absent for a staged one. */
    @JsonProperty("couplings")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    Integer jsonCouplings() {
        return layout instanceof Layout.Flat flat ? flat.couplings() : null;
    }

    /** The flat layout's partition, in JSON; absent for a staged one. */
    @JsonProperty("partition")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    PartitionKind jsonPartition() {
        return layout instanceof Layout.Flat flat ? flat.partition() : null;
    }

    /** The staged layout's image shape, in JSON; absent for a flat one. */
    @JsonProperty("image")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    ImageShape jsonImage() {
        return layout instanceof Layout.Staged staged ? staged.image() : null;
    }

    /** The staged layout's stages, in JSON; absent for a flat one. */
    @JsonProperty("stages")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    List<Stage> jsonStages() {
        return layout instanceof Layout.Staged staged ? staged.stages() : null;
    }

    /** The prior for people: "logistic prior", "class-gaussian prior over 10 classes". */
    public String priorDescription() {
        return prior.id() + " prior" + (classes == null ? "" : " over " + classes + " classes");
    }

    @Override
    public List<Transform> transforms(NDManager manager, int dimension, SplittableRandom rng) {
        if (dimension < 2) {
            throw new InvalidSettingException("dimension", "a flow needs dimension >= 2, got " + dimension);
        }
        List<Transform> steps = new ArrayList<>();
        whitening.stage(manager, dimension).ifPresent(steps::add);
        steps.addAll(layout.transforms(this, manager, dimension, rng));
        if (scaling) {
            steps.add(new DiagonalScaling(manager, dimension));
        }
        return steps;
    }

    @Override
    public Prior prior(NDManager manager, int dimension) {
        return prior.create(manager, dimension, classes);
    }

    @Override
    public Optional<ModelConfig> config() {
        return Optional.of(this);
    }

    /** A NICE architecture: additive couplings, no clamp, no permutations. */
    public static ModelConfig nice(int couplings, PartitionKind partition, NetworkConfig network, boolean scaling,
            PriorKind prior) {
        return new ModelConfig(CouplingKind.ADDITIVE, couplings, partition, network, scaling, prior, 0, null);
    }

    /** The preset with a user's hidden width, depth and whitening; a flow has no latent size, blocks or decoder. */
    @Override
    public ModelConfig adjusted(ArchitectureChoices choices) {
        choices.refuse("a flow", "blocks", "latent", "decoder");
        ModelConfig model = this;
        if (choices.hidden() != null || choices.depth() != null) {
            NetworkConfig n = network;
            model = model.withNetwork(new NetworkConfig(choices.hidden() != null ? choices.hidden() : n.hidden(),
                    choices.depth() != null ? choices.depth() : n.depth(), n.init(), n.initScale(), n.zeroLast(),
                    choices.hidden() != null ? 0 : n.widthPerDimension()));
        }
        return choices.whitening() == null ? model : model.withWhitening(WhiteningKind.parse(choices.whitening()));
    }

    @Override
    public String describe() {
        return priorDescription() + (whitening == WhiteningKind.NONE ? ""
                : ", " + whitening.id() + " whitening fitted first");
    }

    public ModelConfig withNetwork(NetworkConfig n) {
        return new ModelConfig(coupling, layout, n, scaling, prior, clamp, permutationSeed, classes, whitening);
    }

    public ModelConfig withWhitening(WhiteningKind w) {
        return new ModelConfig(coupling, layout, network, scaling, prior, clamp, permutationSeed, classes, w);
    }
}
