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
 * the training rows and the true density (0.83 here; the README's larger run closes more). Minibatches of 500 at
 * Adam 3e-3 instead of the preset's 256 at 1e-3 reach that in 128 steps, about 25 s on two cores.
 */
class TabularDensityExperimentTest {
    @TempDir
    Path dir;

    @Test
    void tabularPresetClosesMostOfTheGaussianFitsGapToTheTrueDensity() throws Exception {
        TrainingSettings faster = new TrainingSettings(500, null, 3e-3, null, null, null, null, null, null, null, null,
                null, null);
        TabularDensityExperiment.Result r = TabularDensityExperiment.run(
                new TabularDensityExperiment.Settings(8, 3, 8000, 8, 0, faster), Device.cpu(), dir,
                new TrainingListener() {});
        assertTrue(r.truth() > r.gaussianFit() + 1, "the mixture is far from Gaussian: " + r);
        assertTrue(r.gapClosed() >= 0.8, r.toString());
        assertTrue(r.flow() < r.truth() + 0.1, "no model beats the truth by more than chance: " + r);
        assertEquals(r.gapClosed(), Json.MAPPER.readTree(Files.readString(dir.resolve("summary.json")))
                .get("gap_closed").asDouble(), 1e-12);
    }
}
