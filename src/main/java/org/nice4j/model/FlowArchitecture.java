package org.nice4j.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nice4j.InvalidSettingException;
import org.nice4j.prior.Prior;
import org.nice4j.transform.Transform;

/**
 * What a flow is made of: its chain of transforms and its prior, built into the model's memory with parameters drawn
 * from a seeded generator. {@link ModelConfig} is the built-in architecture (presets, the CLI, self-describing model
 * files); implement this interface to compose a flow of your own, from nice4j's transforms or yours:
 *
 * <pre>{@code
 * FlowArchitecture mine = new FlowArchitecture() {
 *     public List<Transform> transforms(NDManager manager, int dimension, SplittableRandom rng) {
 *         return List.of(new MyTransform(manager, dimension), new DiagonalScaling(manager, dimension));
 *     }
 *     public Prior prior(NDManager manager, int dimension) {
 *         return new NormalPrior();
 *     }
 * };
 * }</pre>
 * A model file of such a flow stores its parameters, not its code: reload it with
 * {@code ModelFile.load(file, device, mine)}.
 */
public interface FlowArchitecture extends DensityArchitecture {

    /**
     * The transforms x → h in order, their parameters allocated in {@code manager} and drawn from {@code rng} in a
     * fixed order (the same seed must give the same flow).
     */
    List<Transform> transforms(NDManager manager, int dimension, SplittableRandom rng);

    /** The base density of the latents; arrays it holds live in {@code manager}. */
    Prior prior(NDManager manager, int dimension);

    /** The architecture as data a model file can store and rebuild on its own; empty for one built in code. */
    @Override
    default Optional<ModelConfig> config() {
        return Optional.empty();
    }

    @Override
    default FlowModel create(Preprocessing preprocessing, Device device, long seed) {
        return FlowModel.create(this, preprocessing, device, seed);
    }

    /** A flow is a density of continuous values: binarized pixels would give it unbounded likelihoods. */
    @Override
    default void checkData(Preprocessing preprocessing) {
        if (preprocessing.binarized()) {
            throw new InvalidSettingException("binarize", "a flow models continuous (dequantized) data; binarized"
                    + " images need a latent-variable model with a Bernoulli decoder, such as the vae-mnist preset");
        }
    }

    @Override
    default String describe() {
        return "a flow composed in code (" + getClass().getName() + ")";
    }
}
