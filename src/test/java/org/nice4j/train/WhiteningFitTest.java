package org.nice4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.NiceException;
import org.nice4j.data.ContinuousExamples;
import org.nice4j.data.GaussianMixture;
import org.nice4j.data.MultivariateNormal;
import org.nice4j.engine.Host;
import org.nice4j.model.FlowModel;
import org.nice4j.model.ModelConfig;
import org.nice4j.model.NetworkConfig;
import org.nice4j.model.Preprocessing;
import org.nice4j.model.Presets;
import org.nice4j.model.WhiteningKind;
import org.nice4j.nn.Init;

/**
 * Each whitening, fitted to a table in unrelated units, leaves the training rows whitened, and its log-determinant
 * makes the model's score a density of the data as given.
 */
class WhiteningFitTest {
    private static final int D = 4;
    private static final GaussianMixture TABLE = GaussianMixture.table(D, 2, 11);
    private static final float[] ROWS = TABLE.sample(2000, 12);
    /** Adam at a rate that lets the approximate whitening's 10 epochs of 10 minibatches reach the Gaussian fit. */
    private static final TrainingConfig FAST = new TrainingConfig(1, 200, OptimizerSettings.Adam.standard(), 2e-2,
            List.of(), 0, 600, 0);

    @TempDir
    Path dir;

    @Test
    void standardizationLeavesEveryColumnWithZeroMeanAndUnitSpread() {
        double[][] cov = whitenedCovariance(WhiteningKind.STANDARDIZE, 1e-4);
        for (int i = 0; i < D; i++) {
            assertEquals(1, cov[i][i], 1e-3, "variance of column " + i);
        }
        assertTrue(Math.abs(cov[0][1]) > 0.01, "standardisation leaves correlations: " + cov[0][1]);
    }

    @Test
    void zcaLeavesTheTrainingRowsWithTheIdentityCovariance() {
        double[][] cov = whitenedCovariance(WhiteningKind.ZCA, 1e-4);
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                assertEquals(i == j ? 1 : 0, cov[i][j], 1e-3, "covariance at " + i + "," + j);
            }
        }
    }

    /**
     * Appendix B: trained by maximum likelihood under a standard normal prior, z = Lx + b is a Gaussian fit, so a model
     * whose other steps are still the identity scores the training rows as the maximum-likelihood Gaussian does.
     */
    @Test
    void approximateWhiteningTrainsToTheMaximumLikelihoodGaussian() {
        try (FlowModel flow = fitted(WhiteningKind.APPROXIMATE)) {
            double model = Evaluator.meanLogLikelihood(flow, new ContinuousExamples(ROWS, D), 500);
            double gaussian = MultivariateNormal.fit(ROWS, D).meanLogDensity(ROWS);
            double diagonal = diagonalGaussian(ROWS);
            assertTrue(gaussian - diagonal > 0.2, "the table's columns are correlated: " + gaussian + " vs " + diagonal);
            assertEquals(gaussian, model, 0.05, "the learned whitening's log-likelihood");
            assertTrue(Files.exists(dir.resolve("whitening/model.nice4j")), "the whitening's own run is kept");
        }
    }

    /**
     * Scaling and shifting the columns (new units) changes a whitened model's log-density by exactly the log-Jacobian
     * of the change, −Σ log a_j, as a density of the data as given must: the fitted stage absorbs the new units, and its
     * log-determinant accounts for them.
     */
    @Test
    void aWhitenedModelScoresTheDataInItsOwnUnits() {
        double[] a = {0.125, 8, 0.25, 2}; // powers of two, so only the shifts round
        double[] c = {1, -3, 0.5, 2};
        float[] moved = new float[ROWS.length];
        double logJacobian = 0;
        for (int j = 0; j < D; j++) {
            logJacobian += Math.log(a[j]);
        }
        for (int i = 0; i < ROWS.length; i++) {
            moved[i] = (float) (a[i % D] * ROWS[i] + c[i % D]);
        }
        for (WhiteningKind kind : List.of(WhiteningKind.STANDARDIZE, WhiteningKind.ZCA)) {
            try (FlowModel original = fitted(kind, ROWS); FlowModel inNewUnits = fitted(kind, moved)) {
                double[] before = Evaluator.logLikelihoods(original, new ContinuousExamples(ROWS, D), 500);
                double[] after = Evaluator.logLikelihoods(inNewUnits, new ContinuousExamples(moved, D), 500);
                for (int r = 0; r < 20; r++) {
                    assertEquals(before[r] - logJacobian, after[r], 2e-3 * (1 + Math.abs(before[r])),
                            kind + ", row " + r);
                }
            }
        }
    }

    @Test
    void aConstantColumnIsRefusedWithItsNumber() {
        float[] rows = ROWS.clone();
        for (int i = 2; i < rows.length; i += D) {
            rows[i] = 3.5f;
        }
        NiceException e = assertThrows(NiceException.class, () -> fitted(WhiteningKind.STANDARDIZE, rows).close());
        assertTrue(e.getMessage().startsWith("column 3 of the 2000 training rows is constant (3.5"), e.getMessage());
    }

    private FlowModel fitted(WhiteningKind kind) {
        return fitted(kind, ROWS);
    }

    /** A small tabular model whose couplings are still the identity, with its whitening fitted to {@code rows}. */
    private FlowModel fitted(WhiteningKind kind, float[] rows) {
        ModelConfig config = Presets.get("tabular").flow().withNetwork(new NetworkConfig(8, 1, Init.HE, 0, true))
                .withWhitening(kind);
        FlowModel flow = FlowModel.create(config, Preprocessing.continuous(D), Device.cpu(), 0);
        try {
            ContinuousExamples train = new ContinuousExamples(rows, D);
            WhiteningFit.fit(flow, train, train, FAST, new RunDirectory(dir), new TrainingListener() {});
            return flow;
        } catch (RuntimeException e) {
            flow.close();
            throw e;
        }
    }

    private double[][] whitenedCovariance(WhiteningKind kind, double meanTolerance) {
        try (FlowModel flow = fitted(kind); NDManager scope = flow.manager().newSubManager()) {
            NDArray x = Host.array(scope, ROWS, new Shape(ROWS.length / D, D));
            NDArray z = flow.whitening().orElseThrow().forward(x).value().toType(DataType.FLOAT64, false);
            NDArray centred = z.sub(z.mean(new int[] {0}));
            double[] mean = z.mean(new int[] {0}).toDoubleArray();
            for (int i = 0; i < D; i++) {
                assertEquals(0, mean[i], meanTolerance, "mean of column " + i);
            }
            double[] c = centred.transpose().matMul(centred).div(ROWS.length / D).toDoubleArray();
            double[][] cov = new double[D][D];
            for (int i = 0; i < D; i++) {
                System.arraycopy(c, i * D, cov[i], 0, D);
            }
            return cov;
        }
    }

    /** The mean log-likelihood of the Gaussian with the rows' own mean and variance per column, independent columns. */
    private static double diagonalGaussian(float[] rows) {
        double[][] diagonal = new double[D][D];
        double[] mean = new double[D];
        int n = rows.length / D;
        for (int i = 0; i < rows.length; i++) {
            mean[i % D] += rows[i] / n;
        }
        for (int i = 0; i < rows.length; i++) {
            diagonal[i % D][i % D] += Math.pow(rows[i] - mean[i % D], 2) / n;
        }
        return new MultivariateNormal(mean, diagonal).meanLogDensity(rows);
    }
}
