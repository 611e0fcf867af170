package org.nice4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.data.ContinuousExamples;
import org.nice4j.data.ToyDensities;
import org.nice4j.io.ModelFile;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Presets;
import org.nice4j.train.Evaluator;
import org.nice4j.train.TrainingConfig;
import org.nice4j.train.TrainingListener;
import org.nice4j.train.TrainingRun;

/** The Java example of the README, kept compiling and passing here. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void readmeJavaExample() {
        // --- README example start ---
        var preset = Presets.get("nice-toy");                       // 2-D NICE: 4 additive couplings + scaling
        var data = new TrainingRun.Data(
                new ContinuousExamples(ToyDensities.twoMoons(2000, 0.05, 1), 2),   // train
                new ContinuousExamples(ToyDensities.twoMoons(500, 0.05, 2), 2),    // validation
                new ContinuousExamples(ToyDensities.twoMoons(500, 0.05, 3), 2));   // test
        var config = TrainingConfig.paper(5, 42);                   // the paper's RMSProp schedule, 5 epochs, seed 42
        var outcome = TrainingRun.start(dir.resolve("moons"), preset.model(), preset.preprocessing(), config,
                Device.cpu(), data, Map.of(), new TrainingListener() {});
        System.out.println("test log-likelihood: " + outcome.testLogLikelihood());

        try (FlowModel model = ModelFile.load(dir.resolve("moons/model.nice4j"), Device.cpu()).flow()) {
            double[] scores = model.logProb(new float[][] {{0f, 0.5f}, {5f, 5f}}); // log p(x) per row
            float[][] samples = model.sample(10, 1.0, 7);                          // 10 draws, seed 7
            // --- README example end ---
            assertTrue(scores[0] > scores[1], "a point between the moons is likelier than one far away");
            assertEquals(10, samples.length);
            // The ordering holds for any density peaked near the origin, an untrained model's (the identity onto
            // the normal prior) included; what training must have changed is the held-out fit.
            try (FlowModel untrained = FlowModel.create(preset, Device.cpu(), 42)) {
                double before = Evaluator.meanLogLikelihood(untrained, data.test(), Evaluator.BATCH);
                double after = Evaluator.meanLogLikelihood(model, data.test(), Evaluator.BATCH);
                assertTrue(after > before + 0.05, "held-out log-likelihood " + before + " untrained, " + after
                        + " after 5 epochs");
            }
        }
    }
}
