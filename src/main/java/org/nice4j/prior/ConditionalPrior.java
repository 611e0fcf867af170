package org.nice4j.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A base density that depends on a class label u, p_H(h | u): the latent model of GIN (§4.2), where every class is
 * its own factorial Gaussian. A separate interface from {@link Prior} so NICE's unconditional path is untouched and
 * no caller can forget the labels.
 */
public interface ConditionalPrior {

    /** M, the number of classes; labels are 0..M−1. */
    int classes();

    /**
     * log p_H(h | u) summed over dimensions, one value per example, shape (batch).
     *
     * @param labels integer class labels, shape (batch)
     */
    NDArray logProb(NDArray h, NDArray labels);

    /** {@code n} latent vectors of class {@code label}, spread scaled by {@code temperature}, drawn in Java from rng. */
    NDArray sample(NDManager manager, int label, int n, double temperature, SplittableRandom rng);

    /** Trainable arrays by local name (empty when the prior has nothing to learn). */
    Map<String, NDArray> parameters();
}
