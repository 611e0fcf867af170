package org.nice4j.data;

import java.util.SplittableRandom;
import org.nice4j.Gaussian;

/**
 * Training examples with Gaussian noise N(0, σ²) added to every value of every training minibatch: GIN's
 * augmentation (App. D, σ = 0.01). The noise comes from the minibatch's generator after the wrapped examples' own
 * (dequantization) noise, so a seed still fixes every batch. Evaluation batches are left clean.
 */
public final class NoisyExamples implements Examples {
    private final Examples examples;
    private final double sigma;

    public NoisyExamples(Examples examples, double sigma) {
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("noise must be >= 0, got " + sigma);
        }
        this.examples = examples;
        this.sigma = sigma;
    }

    @Override
    public int size() {
        return examples.size();
    }

    @Override
    public int dimension() {
        return examples.dimension();
    }

    @Override
    public float[] batch(int[] indices, SplittableRandom noise) {
        float[] rows = examples.batch(indices, noise);
        for (int i = 0; i < rows.length; i++) {
            rows[i] += (float) (sigma * Gaussian.next(noise));
        }
        return rows;
    }

    @Override
    public float[] evaluationBatch(int[] indices) {
        return examples.evaluationBatch(indices);
    }

    @Override
    public boolean labelled() {
        return examples.labelled();
    }

    @Override
    public int[] labels(int[] indices) {
        return examples.labels(indices);
    }
}
