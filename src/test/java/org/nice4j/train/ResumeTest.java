package org.nice4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.NiceException;
import org.nice4j.data.ContinuousExamples;
import org.nice4j.data.ToyDensities;
import org.nice4j.io.ModelFile;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Presets;

/** A run killed mid-epoch and resumed from its checkpoint ends exactly where the uninterrupted run does. */
class ResumeTest {
    private static final Presets.Preset TOY = Presets.get("nice-toy");
    /** Checkpoint after every minibatch, so the kill below always has a fresh one behind it. */
    private static final TrainingConfig CONFIG = new TrainingConfig(3, 50,
            new OptimizerSettings.RmsProp(0.95, 100, 0, 0.5, 2), 1e-3,
            List.of(new Schedule.ExponentialDecay(1.0005, 1e-4)), 11, 0, 0);
    private static final TrainingRun.Data DATA = new TrainingRun.Data(
            new ContinuousExamples(ToyDensities.twoMoons(400, 0.05, 1), 2),
            new ContinuousExamples(ToyDensities.twoMoons(200, 0.05, 2), 2),
            new ContinuousExamples(ToyDensities.twoMoons(200, 0.05, 3), 2));

    @TempDir
    Path dir;

    @Test
    void resumedRunMatchesUninterruptedRun() {
        Path whole = dir.resolve("whole");
        TrainingRun.Outcome reference = TrainingRun.start(whole, TOY.model(), TOY.preprocessing(), CONFIG,
                Device.cpu(), DATA, Map.of(), new TrainingListener() {});

        Path killed = dir.resolve("killed");
        TrainingListener crashInEpochTwo = new TrainingListener() {
            int batches;

            @Override
            public void batchFinished(int examples, double nll, double learningRate) {
                if (++batches == 13) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> TrainingRun.start(killed, TOY.model(), TOY.preprocessing(),
                CONFIG, Device.cpu(), DATA, Map.of(), crashInEpochTwo));
        assertTrue(Files.exists(killed.resolve("checkpoint.nice4j")));
        TrainingRun.Outcome resumed = TrainingRun.resume(killed, 0, Device.cpu(), DATA, new TrainingListener() {});

        assertEquals(reference.state().step(), resumed.state().step());
        assertEquals(reference.testLogLikelihood(), resumed.testLogLikelihood(), 0.0);
        for (int e = 0; e < 3; e++) {
            assertEquals(reference.state().history().get(e).trainNll(), resumed.state().history().get(e).trainNll(),
                    1e-9, "train NLL of epoch " + (e + 1));
            assertEquals(reference.state().history().get(e).validLl(), resumed.state().history().get(e).validLl(),
                    0.0);
        }
        try (FlowModel a = ModelFile.load(whole.resolve("model.nice4j"), Device.cpu()).model();
                FlowModel b = ModelFile.load(killed.resolve("model.nice4j"), Device.cpu()).model()) {
            a.parameters().forEach((name, p) -> assertArrayEquals(p.toFloatArray(),
                    b.parameters().get(name).toFloatArray(), 0f, name));
        }
    }

    @Test
    void stopRequestCheckpointsAtTheMinibatchAndResumesFromIt() {
        TrainingListener stopAfterFive = new TrainingListener() {
            int batches;

            @Override
            public void batchFinished(int examples, double nll, double learningRate) {
                batches++;
            }

            @Override
            public boolean stopRequested() {
                return batches == 5;
            }
        };
        RunInterrupted e = assertThrows(RunInterrupted.class, () -> TrainingRun.start(dir, TOY.model(),
                TOY.preprocessing(), CONFIG, Device.cpu(), DATA, Map.of(), stopAfterFive));
        assertEquals(dir, e.run());
        Checkpoint.Restored restored = Checkpoint.load(dir.resolve("checkpoint.nice4j"),
                Device.cpu());
        restored.model().close();
        TrainingState saved = restored.state();
        assertEquals(5, saved.step());
        assertEquals(0, saved.epoch()); // 8 minibatches of 50 per epoch
        assertEquals(5, saved.batch());
    }

    @Test
    void startingOverAnExistingRunIsRefused() {
        TrainingRun.start(dir, TOY.model(), TOY.preprocessing(), CONFIG.withEpochs(1), Device.cpu(), DATA, Map.of(),
                new TrainingListener() {});
        NiceException e = assertThrows(NiceException.class, () -> TrainingRun.start(dir, TOY.model(),
                TOY.preprocessing(), CONFIG, Device.cpu(), DATA, Map.of(), new TrainingListener() {}));
        assertTrue(e.getMessage().contains("resume it"), e.getMessage());
    }

    @Test
    void divergenceStopsWithAClearMessageAndKeepsTheCheckpoint() {
        float[] poisoned = ToyDensities.twoMoons(400, 0.05, 1);
        poisoned[2 * 399] = Float.NaN;
        TrainingRun.Data bad = new TrainingRun.Data(new ContinuousExamples(poisoned, 2), DATA.valid(), DATA.test());
        NiceException e = assertThrows(NiceException.class, () -> TrainingRun.start(dir, TOY.model(),
                TOY.preprocessing(), CONFIG, Device.cpu(), bad, Map.of(), new TrainingListener() {}));
        assertTrue(e.getMessage().contains("diverged") && e.getMessage().contains("checkpoint"), e.getMessage());
    }
}
