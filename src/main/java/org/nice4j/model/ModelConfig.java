package org.nice4j.model;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nice4j.ImageShape;
import org.nice4j.NiceException;
import org.nice4j.UsageException;
import org.nice4j.prior.Prior;
import org.nice4j.prior.Priors;
import org.nice4j.transform.Transform;

/**
 * The architecture of a flow, as data: presets are instances of this record, and the model file stores it so a
 * model can be rebuilt exactly.
 *
 * @param dimension  D, the number of input coordinates
 * @param coupling   coupling law: "additive" (NICE), "affine" (RealNVP), "multiplicative" (NICE §3.2, b = exp(s)) or
 *                   "gin" (volume-preserving affine, GIN)
 * @param couplings  number of coupling layers; layer i keys on part (i mod 2) of the partition, alternating roles, so
 *                   layers 2k and 2k+1 form a block in which each part conditions the other. 0 (absent) with stages
 * @param partition  "odd-even" (the reference code's "tile") or "halves"; null (absent) with stages
 * @param network    the coupling network m; with stages, its init law for every network and the hidden widths of
 *                   stages that give none
 * @param scaling    whether a diagonal scaling layer h = x·exp(s) sits on top
 * @param prior      "logistic" or "normal" (factorial, NICE), or GIN's class-conditional Gaussian (eq. 7):
 *                   "class-gaussian" with the minibatch moments of each class (App. D.1) or "class-gaussian-learned"
 *                   with trainable per-class means and variances
 * @param clamp      bound c of the soft clamp c·tanh(s/c) on the log-scales of affine, multiplicative and GIN
 *                   couplings (GIN uses 2); 0 for none, and ignored by additive couplings
 * @param permutationSeed when set, a random but fixed permutation of the coordinates precedes every block of two
 *                   couplings (GIN appendix D), block k's drawn from {@code Seeds.mix(permutationSeed, k)}; storing the
 *                   seed rather than the permutations keeps model files free of non-trainable tensors. Null: none.
 *                   With stages, block k counts blocks across all stages
 * @param image      the (C, H, W) layout of the input rows, with C·H·W = dimension; only with stages
 * @param stages     when set, the layout is these {@link Stage}s (GIN Table 3) instead of {@code couplings} layers on
 *                   one {@code partition}. Null, and absent from the JSON, for the flat layout, so configurations and
 *                   model files written before stages existed read back unchanged
 * @param classes    the number of classes of a class-conditional prior (labels 0..classes−1); null, and absent from
 *                   the JSON, for the factorial priors
 */
public record ModelConfig(int dimension, String coupling, int couplings, String partition, NetworkConfig network,
        boolean scaling, String prior, double clamp, Long permutationSeed,
        @JsonInclude(JsonInclude.Include.NON_NULL) ImageShape image,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Stage> stages,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer classes) implements FlowArchitecture {

    static final List<String> COUPLINGS = List.of("additive", "affine", "multiplicative", "gin");
    static final List<String> PARTITIONS = List.of("odd-even", "halves");

    public ModelConfig {
        if (dimension < 2) {
            throw new UsageException("a flow needs dimension >= 2, got " + dimension);
        }
        if (!COUPLINGS.contains(coupling)) {
            throw new UsageException("unknown coupling '" + coupling + "' (known: " + String.join(", ", COUPLINGS) + ")");
        }
        if (stages != null) {
            checkStages(dimension, couplings, partition, image, stages);
            stages = List.copyOf(stages);
        } else if (image != null) {
            throw new UsageException("an image shape is only used by stages; give stages or drop the image");
        } else if (!PARTITIONS.contains(String.valueOf(partition))) {
            throw new UsageException("unknown partition '" + partition + "' (known: " + String.join(", ", PARTITIONS) + ")");
        } else if (couplings < 1) {
            throw new UsageException("a flow needs at least one coupling layer, got " + couplings);
        }
        if (network == null) {
            throw new UsageException("a flow needs a coupling network");
        }
        Priors.check(prior, classes);
        if (!(clamp >= 0)) {
            throw new UsageException("the log-scale clamp must be >= 0 (0 for none), got " + clamp);
        }
    }

    /** The flat layout: {@code couplings} layers alternating on one partition. */
    public ModelConfig(int dimension, String coupling, int couplings, String partition, NetworkConfig network,
            boolean scaling, String prior, double clamp, Long permutationSeed) {
        this(dimension, coupling, couplings, partition, network, scaling, prior, clamp, permutationSeed, null, null, null);
    }

    @Override
    public List<Transform> transforms(NDManager manager, int dimension, SplittableRandom rng) {
        if (dimension != this.dimension) {
            throw new NiceException("model dimension " + this.dimension + " does not match the data's " + dimension);
        }
        return FlowBuilder.build(this, manager, rng);
    }

    @Override
    public Prior prior(NDManager manager, int dimension) {
        return Priors.create(prior, manager, dimension, classes);
    }

    @Override
    public Optional<ModelConfig> config() {
        return Optional.of(this);
    }

    private static void checkStages(int dimension, int couplings, String partition, ImageShape image,
            List<Stage> stages) {
        if (couplings != 0 || partition != null) {
            throw new UsageException("a staged flow takes its couplings from its stages; drop 'couplings' and"
                    + " 'partition'");
        }
        if (image == null || image.size() != dimension) {
            throw new UsageException("a staged flow needs an image shape of " + dimension + " values, got " + image);
        }
        if (stages.isEmpty()) {
            throw new UsageException("a staged flow needs at least one stage");
        }
        ImageShape shape = image;
        for (Stage stage : stages) {
            shape = stage.after(shape);
        }
    }

    /** A NICE architecture: additive couplings, no clamp, no permutations. */
    public static ModelConfig nice(int dimension, int couplings, String partition, NetworkConfig network,
            boolean scaling, String prior) {
        return new ModelConfig(dimension, "additive", couplings, partition, network, scaling, prior, 0, null);
    }

    public ModelConfig withDimension(int d) {
        return new ModelConfig(d, coupling, couplings, partition, network, scaling, prior, clamp, permutationSeed, image,
                stages, classes);
    }

    public ModelConfig withNetwork(NetworkConfig n) {
        return new ModelConfig(dimension, coupling, couplings, partition, n, scaling, prior, clamp, permutationSeed, image,
                stages, classes);
    }
}
