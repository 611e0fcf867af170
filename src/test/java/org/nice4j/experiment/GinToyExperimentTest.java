package org.nice4j.experiment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.prior.ClassConditionalGaussian;
import org.nice4j.train.TrainingListener;

/** A short seeded run of GIN's artificial experiment separates the two informative latents from the eight noise ones. */
class GinToyExperimentTest {
    @TempDir
    Path dir;

    @Test
    void spectrumSeparatesTheInformativeVariables() {
        GinToyExperiment.Settings settings = new GinToyExperiment.Settings(3000, 15, 2, 500, 1e-2, 0.01, 5,
                ClassConditionalGaussian.Moments.MINIBATCH);
        GinToyExperiment.Result r = GinToyExperiment.run(settings, Device.cpu(), dir, new TrainingListener() {});
        double[] s = r.spectrum();
        assertTrue(s[1] > 5 * s[2], "two large standard deviations, then small ones: " + Arrays.toString(s));
        for (double c : r.correlations()) {
            assertTrue(c > 0.95, "recovered up to scale and shift: " + Arrays.toString(r.correlations()));
        }
        for (String f : new String[] {"summary.json", "spectrum.png", "checkpoint.nice4j", "metrics.csv", "curve.png"}) {
            assertTrue(Files.exists(dir.resolve(f)), f);
        }
    }
}
