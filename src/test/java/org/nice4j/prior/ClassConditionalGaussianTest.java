package org.nice4j.prior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nice4j.Engines;
import org.nice4j.NiceException;
import org.nice4j.data.Condition;
import org.nice4j.prior.ClassConditionalGaussian.Moments;

/** The class-conditional Gaussian against hand-computed densities and statistics on a fixed small batch. */
class ClassConditionalGaussianTest {
    private static final NDManager manager = Engines.shared();

    /** Four 2-D latents, two of class 0 and two of class 1; class 2 is absent from the batch. */
    private static final float[][] H = {{1, 2}, {3, 4}, {5, 0}, {-1, 1}};
    private static final int[] LABELS = {0, 0, 1, 1};
    /** By hand: class 0 has mean (2, 3), variance (1, 1); class 1 mean (2, 0.5), variance (9, 0.25). */
    private static final double[][] MEANS = {{2, 3}, {2, 0.5}};
    private static final double[][] VARIANCES = {{1, 1}, {9, 0.25}};
    /** Learned statistics of three classes in 2-D, row-major (class, dimension). */
    private static final float[] MU = {0.5f, -1, 2, 0, -3, 1};
    private static final float[] LOG_VAR = {0, 0.7f, -1, 0.2f, 1.5f, -0.4f};

    private static ClassConditionalGaussian learned(NDManager scope) {
        ClassConditionalGaussian prior = new ClassConditionalGaussian(scope, 3, 2, Moments.LEARNED);
        prior.parameters().get("means").addi(scope.create(MU).reshape(3, 2));
        prior.parameters().get("log_variances").addi(scope.create(LOG_VAR).reshape(3, 2));
        return prior;
    }

    @Test
    void learnedMomentsGiveTheClosedFormDiagonalGaussianDensity() {
        try (NDManager scope = manager.newSubManager()) {
            ClassConditionalGaussian prior = learned(scope);
            int[] labels = {2, 0, 1, 2};
            float[] got = prior.logProb(scope.create(H), Condition.labels(labels)).toFloatArray();
            for (int n = 0; n < H.length; n++) {
                double expected = 0;
                for (int d = 0; d < 2; d++) {
                    double m = MU[labels[n] * 2 + d];
                    double v = Math.exp(LOG_VAR[labels[n] * 2 + d]);
                    expected += -0.5 * ((H[n][d] - m) * (H[n][d] - m) / v + Math.log(2 * Math.PI * v));
                }
                assertEquals(expected, got[n], 1e-4, "log p(h | u) of example " + n);
            }
        }
    }

    @Test
    void withoutALabelTheDensityIsTheEqualWeightMixtureOfTheClasses() {
        try (NDManager scope = manager.newSubManager()) {
            ClassConditionalGaussian prior = learned(scope);
            float[][] far = {{1, 2}, {3, 4}, {40, -30}, {-1, 1}}; // row 2 is far from every class: tests the log-sum-exp
            float[] got = prior.logProb(scope.create(far), Condition.NONE).toFloatArray();
            for (int n = 0; n < far.length; n++) {
                double[] perClass = new double[3];
                for (int k = 0; k < 3; k++) {
                    for (int d = 0; d < 2; d++) {
                        double v = Math.exp(LOG_VAR[k * 2 + d]);
                        double z = far[n][d] - MU[k * 2 + d];
                        perClass[k] += -0.5 * (z * z / v + Math.log(2 * Math.PI * v));
                    }
                }
                double top = Math.max(perClass[0], Math.max(perClass[1], perClass[2]));
                double expected = top + Math.log((Math.exp(perClass[0] - top) + Math.exp(perClass[1] - top)
                        + Math.exp(perClass[2] - top)) / 3);
                assertEquals(expected, got[n], 1e-3 * Math.max(1, Math.abs(expected)), "log p(h) of row " + n);
            }
        }
    }

    @Test
    void storedStatisticsScoreByClassAfterMinibatchTraining() {
        try (NDManager scope = manager.newSubManager()) {
            ClassConditionalGaussian prior = new ClassConditionalGaussian(scope, 2, 2, Moments.MINIBATCH);
            prior.fit(scope.create(H), scope.create(LABELS));
            float[] batchMoments = prior.trainingLogProb(scope.create(H), Condition.labels(LABELS)).toFloatArray();
            float[] stored = prior.logProb(scope.create(H), Condition.labels(LABELS)).toFloatArray();
            // fitted on this very batch, the stored statistics are the batch's moments
            assertArrayEquals(batchMoments, stored, 1e-4f);
            assertEquals(2, prior.statistics().size());
            assertTrue(prior.parameters().isEmpty(), "minibatch moments train nothing");
        }
    }

    @Test
    void minibatchMomentsAreTheClassMeansAndVariancesOfTheBatch() {
        try (NDManager scope = manager.newSubManager()) {
            ClassConditionalGaussian prior = new ClassConditionalGaussian(scope, 3, 2, Moments.MINIBATCH);
            float[] got = prior.trainingLogProb(scope.create(H), Condition.labels(LABELS)).toFloatArray();
            for (int n = 0; n < H.length; n++) {
                double expected = 0;
                for (int d = 0; d < 2; d++) {
                    double m = MEANS[LABELS[n]][d];
                    double v = VARIANCES[LABELS[n]][d] + ClassConditionalGaussian.VARIANCE_FLOOR;
                    expected += -0.5 * ((H[n][d] - m) * (H[n][d] - m) / v + Math.log(2 * Math.PI * v));
                }
                assertEquals(expected, got[n], 1e-4, "log p(h | u) with minibatch moments, example " + n);
            }
            assertTrue(prior.parameters().isEmpty(), "nothing to learn in minibatch mode");
        }
    }

    @Test
    void minibatchDensityIsDifferentiableThroughTheMoments() {
        try (NDManager scope = manager.newSubManager()) {
            ClassConditionalGaussian prior = new ClassConditionalGaussian(scope, 2, 2, Moments.MINIBATCH);
            NDArray h = scope.create(H);
            h.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                gc.backward(prior.trainingLogProb(h, Condition.labels(LABELS)).sum());
            }
            // With the batch's own moments, moving a point changes its class mean and variance too: for a class of
            // two points the total log-density is −Σ_d log(2π·v_d) − 2 (v the population variance), and
            // ∂/∂h_0 of −log v with v = ((h_0 − h_1)/2)² is −2/(h_0 − h_1) (floor neglected).
            float[] g = h.getGradient().toFloatArray();
            assertEquals(-2.0 / (1 - 3), g[0], 1e-3, "gradient for example 0, dimension 0");
            assertEquals(-2.0 / (0 - 1), g[5], 1e-3, "gradient for example 2, dimension 1");
        }
    }

    @Test
    void fitStoresPerClassStatisticsForSampling() {
        try (NDManager scope = manager.newSubManager()) {
            ClassConditionalGaussian prior = new ClassConditionalGaussian(scope, 2, 2, Moments.MINIBATCH);
            prior.fit(scope.create(H), scope.create(LABELS));
            for (int k = 0; k < 2; k++) {
                assertArrayEquals(new float[] {(float) MEANS[k][0], (float) MEANS[k][1]}, prior.means()[k], 1e-5f);
                float[] std = prior.standardDeviations()[k];
                for (int d = 0; d < 2; d++) {
                    assertEquals(Math.sqrt(VARIANCES[k][d] + ClassConditionalGaussian.VARIANCE_FLOOR), std[d], 1e-5);
                }
            }
            float[] samples = prior.sample(scope, 20000, 2, 1.0, new SplittableRandom(3), Condition.repeated(1, 20000))
                    .toFloatArray();
            double[] sum = new double[2];
            double[] sumSq = new double[2];
            for (int i = 0; i < samples.length; i++) {
                sum[i % 2] += samples[i];
                sumSq[i % 2] += samples[i] * samples[i];
            }
            for (int d = 0; d < 2; d++) {
                double mean = sum[d] / 20000;
                assertEquals(MEANS[1][d], mean, 0.05, "sample mean of class 1, dimension " + d);
                assertEquals(VARIANCES[1][d], sumSq[d] / 20000 - mean * mean, 0.05 * VARIANCES[1][d] + 0.01);
            }
        }
    }

    @Test
    void fitRefusesAClassWithoutExamples() {
        try (NDManager scope = manager.newSubManager()) {
            ClassConditionalGaussian prior = new ClassConditionalGaussian(scope, 3, 2, Moments.MINIBATCH);
            assertThrows(NiceException.class, () -> prior.fit(scope.create(H), scope.create(LABELS)));
        }
    }
}
