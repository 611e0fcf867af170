package org.nice4j.model;

import ai.djl.Device;
import java.util.Optional;

/**
 * What a density model is built from: a flow's transforms and prior ({@link FlowArchitecture}) or a latent-variable
 * model's encoder and decoder. A model file stores it as data ({@link #config()}) and rebuilds the
 * model from it; see {@link ArchitectureKind} for how the stored kinds are told apart.
 */
public interface DensityArchitecture {

    /** A freshly initialised model for data preprocessed by {@code preprocessing}; the same seed, the same model. */
    DensityModel create(Preprocessing preprocessing, Device device, long seed);

    /**
     * Fails with an {@link org.nice4j.InvalidSettingException} when this architecture cannot model data preprocessed
     * by {@code preprocessing} (a flow cannot take binarized pixels), before anything is built or written.
     */
    void checkData(Preprocessing preprocessing);

    /** The architecture as data a model file can store and rebuild on its own; empty for one built in code. */
    default Optional<?> config() {
        return Optional.empty();
    }

    /** This architecture with a user's choices applied; fails for a choice this kind of model has no use for. */
    default DensityArchitecture adjusted(ArchitectureChoices choices) {
        choices.refuse("this model", ArchitectureChoices.ALL);
        return this;
    }

    /** The model in a few words, for a run's first lines ("logistic prior", "latent 32, Bernoulli decoder"). */
    default String describe() {
        return getClass().getSimpleName();
    }
}
