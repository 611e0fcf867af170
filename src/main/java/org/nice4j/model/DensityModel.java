package org.nice4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.Optional;
import org.nice4j.NiceException;
import org.nice4j.data.Condition;
import org.nice4j.data.Examples;
import org.nice4j.engine.Host;

/**
 * The one contract every density model meets, so that one training loop, evaluator, model file, checkpoint and CLI
 * serve them all: a normalising flow ({@link FlowModel}, exact log p(x)) and a latent-variable model (the VAE family,
 * trained on the evidence lower bound and scored by importance sampling). What a kind of model needs from generic code
 * is a method here, never a branch on its class there. Owns the native memory of its parameters; close it when done.
 */
public interface DensityModel extends AutoCloseable {
    /** The key of log p(x) (or its importance-sampled estimate) in {@link #scores}: always the first. */
    String LOG_LIKELIHOOD = "log_likelihood_nats";

    /**
     * What training maximises for a minibatch (batch, D) of preprocessed inputs, one value per example: a flow's
     * log p(x | c) as its prior trains it; a latent-variable model's evidence lower bound with its KL term weighted by
     * {@code klWeight} (β of the KL warm-up, 1 for the bound itself), its latents drawn from {@code seed} so that a
     * resumed run draws what the uninterrupted one did. Flows ignore both.
     */
    NDArray trainingObjective(NDArray x, Condition condition, double klWeight, long seed);

    /**
     * A cheap score of each example, tracked on the validation split every epoch to keep the best model: log p(x) for a
     * flow, the evidence lower bound (a seeded draw, fixed by {@code seed}) for a latent-variable model.
     */
    NDArray validationScore(NDArray x, long seed);

    /**
     * The evaluation scores of a batch, one value per example each: {@value #LOG_LIKELIHOOD} first, then what the
     * model adds (a class-conditional prior's class scores; a latent-variable model's {@code elbo_nats}). A
     * latent-variable model estimates log p(x) from {@code scoring}'s importance samples; a flow ignores them.
     */
    Map<String, NDArray> scores(NDArray x, Condition condition, Scoring scoring);

    /** n samples x ~ p(x | c) at {@code temperature} (the prior's spread is scaled by it), into {@code scope}. */
    NDArray sample(NDManager scope, int n, double temperature, long seed, Condition condition);

    /**
     * x passed through the model and back: a latent-variable model decodes the mean of q(z | x), a flow inverts its
     * own code (so its reconstruction is x up to rounding).
     */
    NDArray reconstruct(NDArray x);

    /** n samples as host rows (n × D). */
    default float[][] sample(int n, double temperature, long seed) {
        return sample(n, temperature, seed, Condition.NONE);
    }

    /** n samples given the condition (for labels, one per sample) as host rows (n × D). */
    default float[][] sample(int n, double temperature, long seed, Condition condition) {
        try (NDManager scope = manager().newSubManager()) {
            return Host.rows(sample(scope, n, temperature, seed, condition));
        }
    }

    /** How many classes samples can be conditioned on (labels 0..classes−1); 0 when the model has none. */
    default int classes() {
        return 0;
    }

    /** Trainable arrays by stable name. */
    Map<String, NDArray> parameters();

    /** Every array a model file keeps: the parameters plus what was fitted but is not trained. */
    Map<String, NDArray> tensors();

    default long parameterCount() {
        return parameters().values().stream().mapToLong(NDArray::size).sum();
    }

    /**
     * Multiply-adds in weight matrices to score one example with {@code scoring} (biases and element-wise work aside):
     * a flow's one pass through its weights; a latent-variable model's encoder once and its decoder K times.
     */
    default double scoringMultiplyAdds(Scoring scoring) {
        return matrixWeights(parameters());
    }

    /** The entries of the weight matrices among {@code arrays}: multiply-adds per example of one pass through them. */
    static long matrixWeights(Map<String, NDArray> arrays) {
        return arrays.values().stream().filter(a -> a.getShape().dimension() == 2).mapToLong(NDArray::size).sum();
    }

    /**
     * Checked before the first training step: fails when the model cannot learn from {@code train}. Every model needs
     * rows of its own dimension; a model that needs more (a prior that needs labels) adds its checks.
     */
    default void checkTrainingData(Examples train) {
        if (train.dimension() != dimension()) {
            throw new NiceException("the training data has " + train.dimension() + " dimensions, the model "
                    + dimension());
        }
    }

    /** Fails unless {@code x} is a batch (n, D) of input rows. */
    default void checkBatch(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 2 || s.get(1) != dimension()) {
            throw new NiceException("expected a batch of shape (n, " + dimension() + "), got " + s);
        }
    }

    /** Called by training after every epoch (a flow's prior may re-estimate its statistics). */
    default void afterEpoch(Examples train) {}

    /**
     * A data-dependent start before the first step: the transforms that fix a spread (NICE's scaling layer) are set
     * so that the rows of {@code x}, as the model's flow sees them, leave it with the prior's per-coordinate spread
     * (see {@link FlowStart}). A model without such a flow (the default) sets nothing and answers false.
     *
     * @param seed for any noise the model adds to its input before the flow
     */
    default boolean startFromData(NDArray x, long seed) {
        return false;
    }

    /** The model for people, in one line: its layers, networks and prior. */
    String describe();

    /** What the model was built from; a model file stores it when it is data. */
    DensityArchitecture architecture();

    Preprocessing preprocessing();

    /** D, the number of coordinates of an input row. */
    default int dimension() {
        return preprocessing().dimension();
    }

    /** This model as a flow, for what only a flow can do (inpainting, latent traversals, spectra); else empty. */
    default Optional<FlowModel> asFlow() {
        return Optional.empty();
    }

    /** The manager that owns the parameters; open per-batch scopes with {@code manager().newSubManager()}. */
    NDManager manager();

    @Override
    void close();
}
