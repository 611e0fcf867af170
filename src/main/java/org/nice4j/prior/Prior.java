package org.nice4j.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.nice4j.data.Condition;
import org.nice4j.data.Examples;

/**
 * The base density p_H(h | c) of a flow's latent space, optionally conditioned (see {@link Condition}): NICE's
 * factorial logistic and normal densities ignore the condition, GIN's class-conditional Gaussian reads labels. A prior
 * may hold arrays of its own (trained or estimated); the model file keeps them beside the transform's parameters.
 */
public interface Prior {

    /** Short name stored in model files: "logistic", "normal", "class-gaussian", … */
    String id();

    /** log p_H(h | c) summed over dimensions, one value per example, shape (batch), as a trained model scores. */
    NDArray logProb(NDArray h, Condition condition);

    /**
     * What training maximises for a minibatch; the same as {@link #logProb} unless the prior estimates something
     * from the batch itself (GIN's minibatch moments).
     */
    default NDArray trainingLogProb(NDArray h, Condition condition) {
        return logProb(h, condition);
    }

    /**
     * Draws {@code n} latent vectors scaled by {@code temperature} (1 = the prior itself, smaller = nearer the
     * mode), given {@code condition} (for labels, one per row). Drawn in Java from {@code rng} so that a seed gives
     * the same samples everywhere.
     */
    NDArray sample(NDManager manager, int n, int dimension, double temperature, SplittableRandom rng,
            Condition condition);

    /** How many class labels the prior tells apart (labels 0..classes−1); 0 when it reads no labels. */
    default int classes() {
        return 0;
    }

    /** Trainable arrays by local name. */
    default Map<String, NDArray> parameters() {
        return Map.of();
    }

    /** Every array a model file must keep, trained or estimated, by local name. */
    default Map<String, NDArray> statistics() {
        return parameters();
    }

    /** Checked before the first training step, so that data the prior cannot learn from fails at once. */
    default void checkTrainingData(Examples train) {
    }

    /**
     * Called after every training epoch, before validation: a prior that estimates statistics of the latents (GIN's
     * class means and variances) re-estimates them here from the training data seen through {@code encoder}.
     */
    default void afterEpoch(Examples train, Encoder encoder) {
    }

    /**
     * Scores beside log p(x) that only this prior can give, per example, from the latents h = f(x), log|det ∂f/∂x|
     * and the examples' condition: for a class-conditional prior log p(x | u) and whether u is the most likely class.
     * Keys are the names reports use; the default has none.
     */
    default Map<String, NDArray> scores(NDArray h, NDArray logDet, Condition condition) {
        return Map.of();
    }

    /**
     * The standard deviation of every latent coordinate, for a factorial prior with one law for all coordinates
     * (the sphere view's radius follows from it); empty otherwise.
     */
    default OptionalDouble coordinateStd() {
        return OptionalDouble.empty();
    }

    /** A one-line description for people: the id, and what else tells this prior apart. */
    default String describe() {
        return id();
    }

    /** Maps preprocessed rows to their latents h = f(x), as the flow that owns the prior sees them. */
    @FunctionalInterface
    interface Encoder {
        float[][] encode(float[][] rows);
    }
}
