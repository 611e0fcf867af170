package org.nice4j.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.Json;
import org.nice4j.train.TrainingListener;
import org.nice4j.train.TrainingSettings;

/**
 * Issue 11's number, at test size: on a mixture of 3 full-covariance Gaussians in 8 columns of unrelated units, the
 * tabular preset's test log-likelihood closes at least 80% of the gap between the full-covariance Gaussian fitted to
 * the training rows and the true density (0.83 here, in 8 epochs of 16 minibatches; the README's larger run closes
 * more).
 */
class TabularDensityExperimentTest {
    @TempDir
    Path dir;

    @Test
    void tabularPresetClosesMostOfTheGaussianFitsGapToTheTrueDensity() throws Exception {
        TabularDensityExperiment.Result r = TabularDensityExperiment.run(
                new TabularDensityExperiment.Settings(8, 3, 8000, 8, 0, TrainingSettings.NONE), Device.cpu(), dir,
                new TrainingListener() {});
        System.out.println("tabular density at test size: " + r);
        assertTrue(r.truth() > r.gaussianFit() + 1, "the mixture is far from Gaussian: " + r);
        assertTrue(r.gapClosed() >= 0.8, r.toString());
        assertTrue(r.flow() < r.truth() + 0.1, "no model beats the truth by more than chance: " + r);
        assertTrue(r.flaggedOutliers() > 10 * r.flaggedTest(), "outliers are flagged far more often: " + r);
        assertEquals(r.gapClosed(), Json.MAPPER.readTree(Files.readString(dir.resolve("summary.json")))
                .get("gap_closed").asDouble(), 1e-12);
    }
}
