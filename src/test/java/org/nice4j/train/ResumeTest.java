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
import org.nice4j.engine.Precision;
import org.nice4j.io.ModelFile;
import org.nice4j.model.DensityModel;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Presets;

/** A run killed mid-epoch and resumed from its checkpoint ends exactly where the uninterrupted run does. */
class ResumeTest {
    private static final Presets.Preset TOY = Presets.get("nice-toy");
    /** Checkpoint after every minibatch, so the kill below always has a fresh one behind it. */
    private static final TrainingConfig CONFIG = new TrainingConfig(3, 50,
            new OptimizerSettings.RmsProp(0.95, 100, 0, 0.5, 2), 1e-3,
            List.of(new Schedule.ExponentialDecay(1.0005, 1e-4)), 11, 0, 0);
    /** Minibatches of the whole run: 3 epochs of 400 / 50. */
    private static final int BATCHES = 3 * 8;
    private static final TrainingRun.Data DATA = new TrainingRun.Data(
            new ContinuousExamples(ToyDensities.twoMoons(400, 0.05, 1), 2),
            new ContinuousExamples(ToyDensities.twoMoons(200, 0.05, 2), 2),
            new ContinuousExamples(ToyDensities.twoMoons(200, 0.05, 3), 2));

    @TempDir
    Path dir;

    @Test
    void resumedRunMatchesUninterruptedRun() {
        resumedRunMatchesUninterruptedRun(CONFIG);
    }

    /** The scaling layer's start from the data happens once, before the first step: a resume must not redo it. */
    @Test
    void resumedRunWithADataDependentStartMatchesUninterruptedRun() {
        resumedRunMatchesUninterruptedRun(new TrainingConfig(CONFIG.epochs(), CONFIG.batchSize(), CONFIG.optimizer(),
                CONFIG.learningRate(), CONFIG.schedules(), CONFIG.seed(), CONFIG.checkpointSeconds(), CONFIG.noise(),
                200));
    }

    /**
     * The main job's recipe: Adam with a warm-up and a cosine that knows the run's length, the data-dependent start and
     * the average of the weights that is validated and kept (its arrays travel in the checkpoint).
     */
    @Test
    void resumedRunWithTheMainJobsRecipeMatchesUninterruptedRun() {
        resumedRunMatchesUninterruptedRun(new TrainingConfig(CONFIG.epochs(), CONFIG.batchSize(),
                OptimizerSettings.Adam.standard(), 3e-3,
                List.of(new Schedule.Cosine(5, BATCHES, 0), new Schedule.Warmup(5, 1e-5)), CONFIG.seed(),
                CONFIG.checkpointSeconds(), CONFIG.noise(), 200, Precision.FP32, 0, 0.9));
    }

    private void resumedRunMatchesUninterruptedRun(TrainingConfig config) {
        Path whole = dir.resolve("whole");
        TrainingRun.Outcome reference = TrainingRun.start(whole, TOY.model(), TOY.preprocessing(), config,
                Device.cpu(), DATA, Map.of(), new TrainingListener() {});

        Path killed = dir.resolve("killed");
        TrainingListener crashInEpochTwo = new CountingListener() {
            @Override
            public void batchFinished(int examples, double nll, double learningRate) {
                super.batchFinished(examples, nll, learningRate);
                if (batches == 13) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> TrainingRun.start(killed, TOY.model(), TOY.preprocessing(),
                config, Device.cpu(), DATA, Map.of(), crashInEpochTwo));
        assertTrue(Files.exists(killed.resolve("checkpoint.nice4j")));
        CountingListener rest = new CountingListener();
        TrainingRun.Outcome resumed = TrainingRun.resume(killed, 0, Device.cpu(), DATA, rest);

        // The crash came before minibatch 13's checkpoint: the run goes on after minibatch 12 (4 of epoch 2).
        assertEquals(4, rest.firstBatch);
        assertEquals(BATCHES - 12, rest.batches);
        assertEquals(BATCHES, reference.state().step());
        assertEquals(reference.state().step(), resumed.state().step());
        assertEquals(reference.testLogLikelihood(), resumed.testLogLikelihood(), 0.0);
        for (int e = 0; e < 3; e++) {
            assertEquals(reference.state().history().get(e).trainNll(), resumed.state().history().get(e).trainNll(),
                    1e-9, "train NLL of epoch " + (e + 1));
            assertEquals(reference.state().history().get(e).validLl(), resumed.state().history().get(e).validLl(),
                    0.0);
        }
        try (FlowModel a = ModelFile.load(whole.resolve("model.nice4j"), Device.cpu()).flow();
                FlowModel b = ModelFile.load(killed.resolve("model.nice4j"), Device.cpu()).flow()) {
            a.parameters().forEach((name, p) -> assertArrayEquals(p.toFloatArray(),
                    b.parameters().get(name).toFloatArray(), 0f, name));
        }
    }

    @Test
    void stopRequestCheckpointsAtTheMinibatchAndResumesFromIt() {
        TrainingListener stopAfterFive = new CountingListener() {
            @Override
            public boolean stopRequested() {
                return batches == 5;
            }
        };
        RunInterrupted e = assertThrows(RunInterrupted.class, () -> TrainingRun.start(dir, TOY.model(),
                TOY.preprocessing(), CONFIG, Device.cpu(), DATA, Map.of(), stopAfterFive));
        assertEquals(dir, e.run());
        Checkpoint.Restored restored = Checkpoint.load(dir.resolve("checkpoint.nice4j"), Device.cpu());
        restored.model().close();
        TrainingState saved = restored.state();
        assertEquals(5, saved.step());
        assertEquals(0, saved.epoch()); // 8 minibatches of 50 per epoch
        assertEquals(5, saved.batch());

        CountingListener rest = new CountingListener();
        TrainingRun.Outcome resumed = TrainingRun.resume(dir, 0, Device.cpu(), DATA, rest);
        assertEquals(5, rest.firstBatch);
        assertEquals(BATCHES - 5, rest.batches);
        assertEquals(BATCHES, resumed.state().step());
        assertEquals(CONFIG.epochs(), resumed.state().history().size());
    }

    @Test
    void startingOverAnExistingRunIsRefused() {
        TrainingRun.start(dir, TOY.model(), TOY.preprocessing(), CONFIG.withEpochs(1), Device.cpu(), DATA, Map.of(),
                new TrainingListener() {});
        NiceException e = assertThrows(NiceException.class, () -> TrainingRun.start(dir, TOY.model(),
                TOY.preprocessing(), CONFIG, Device.cpu(), DATA, Map.of(), new TrainingListener() {}));
        assertTrue(e.getMessage().contains("resume it"), e.getMessage());
    }

    /**
     * The message promises the last good checkpoint: it must be there, and hold the state after the last finite
     * minibatch, which is that of a clean run stopped at the same point (the poisoned example is only in the
     * minibatch that diverges).
     */
    @Test
    void divergenceStopsWithAClearMessageAndKeepsTheLastGoodCheckpoint() {
        float[] poisoned = ToyDensities.twoMoons(400, 0.05, 1);
        poisoned[2 * 399] = Float.NaN;
        TrainingRun.Data bad = new TrainingRun.Data(new ContinuousExamples(poisoned, 2), DATA.valid(), DATA.test());
        CountingListener finite = new CountingListener();
        NiceException e = assertThrows(NiceException.class, () -> TrainingRun.start(dir.resolve("bad"), TOY.model(),
                TOY.preprocessing(), CONFIG, Device.cpu(), bad, Map.of(), finite));
        int good = finite.batches;
        assertTrue(good > 0 && good < 8, "with seed 11 the poisoned example is in minibatch 2 to 8 of epoch 1, so a"
                + " checkpoint precedes it; got minibatch " + (good + 1));
        Path kept = dir.resolve("bad/checkpoint.nice4j");
        assertTrue(e.getMessage().contains("diverged") && e.getMessage().contains("at epoch 1, minibatch "
                + (good + 1) + "; the last good checkpoint is kept in " + kept), e.getMessage());

        TrainingListener stopWhereItDiverged = new CountingListener() {
            @Override
            public boolean stopRequested() {
                return batches == good;
            }
        };
        assertThrows(RunInterrupted.class, () -> TrainingRun.start(dir.resolve("clean"), TOY.model(),
                TOY.preprocessing(), CONFIG, Device.cpu(), DATA, Map.of(), stopWhereItDiverged));
        assertTrue(Files.exists(kept), "the last good checkpoint " + kept);
        Checkpoint.Restored diverged = Checkpoint.load(kept, Device.cpu());
        Checkpoint.Restored clean = Checkpoint.load(dir.resolve("clean/checkpoint.nice4j"), Device.cpu());
        try (DensityModel a = diverged.model(); DensityModel b = clean.model()) {
            assertEquals(good, diverged.state().step());
            a.parameters().forEach((name, p) -> {
                float[] values = p.toFloatArray();
                assertArrayEquals(b.parameters().get(name).toFloatArray(), values, 0f, name);
                for (float v : values) {
                    assertTrue(Float.isFinite(v), name);
                }
            });
        }
    }
}
