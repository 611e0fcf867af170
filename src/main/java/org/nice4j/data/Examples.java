package org.nice4j.data;

import java.util.SplittableRandom;

/** A finite set of training or evaluation examples, handed out as preprocessed minibatches. */
public interface Examples {

    int size();

    int dimension();

    /**
     * The examples at {@code indices}, preprocessed, as row-major (indices.length × dimension) floats.
     *
     * @param noise the generator for any stochastic preprocessing (dequantization); a fixed seed gives fixed rows
     */
    float[] batch(int[] indices, SplittableRandom noise);

    /** Like {@link #batch} with noise fixed per example, so that a model's score never varies between runs. */
    float[] evaluationBatch(int[] indices);

    /** Whether every example has a class label. */
    default boolean labelled() {
        return false;
    }

    /** The class labels of the examples at {@code indices}. */
    default int[] labels(int[] indices) {
        throw new org.nice4j.NiceException("these examples have no class labels");
    }

    /** What the examples at {@code indices} are conditioned on: their labels when they have them, else nothing. */
    default Condition condition(int[] indices) {
        return labelled() ? Condition.labels(labels(indices)) : Condition.NONE;
    }
}
