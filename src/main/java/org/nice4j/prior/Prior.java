package org.nice4j.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;

/** A factorial base density p_H(h) = Π_d p(h_d) over the latent space. */
public interface Prior {

    /** Short name stored in model files: "logistic", "normal". */
    String id();

    /** log p_H(h) summed over dimensions, one value per example, shape (batch). */
    NDArray logProb(NDArray h);

    /**
     * Draws {@code n} latent vectors scaled by {@code temperature} (1 = the prior itself, smaller = nearer the
     * mode). Drawn in Java from {@code rng} so that a seed gives the same samples everywhere.
     */
    NDArray sample(NDManager manager, int n, int dimension, double temperature, SplittableRandom rng);

    static Prior named(String id) {
        return switch (id) {
            case "logistic" -> new LogisticPrior();
            case "normal", "gaussian" -> new NormalPrior();
            default -> throw new org.nice4j.UsageException("unknown prior '" + id + "' (known: logistic, normal)");
        };
    }
}
