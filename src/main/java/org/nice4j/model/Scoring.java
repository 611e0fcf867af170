package org.nice4j.model;

import org.nice4j.InvalidSettingException;

/**
 * How evaluation scores a latent-variable model: log p(x) ≈ log (1/K) Σ_k p(x, z_k)/q(z_k | x) with K importance
 * samples z_k ~ q(z | x) drawn from {@code seed}. Flows score exactly and ignore it.
 *
 * @param importanceSamples K; the VDAE paper's evaluation uses 5000
 * @param seed              the seed of the samples, so that a score is reproducible
 */
public record Scoring(int importanceSamples, long seed) {
    /** The paper's K = 5000, seed 0. */
    public static final Scoring PAPER = new Scoring(5000, 0);

    public Scoring {
        if (importanceSamples < 1) {
            throw new InvalidSettingException("importanceSamples", "the number of importance samples must be at"
                    + " least 1, got " + importanceSamples);
        }
    }
}
