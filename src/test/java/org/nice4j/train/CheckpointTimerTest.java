package org.nice4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.data.ContinuousExamples;
import org.nice4j.data.ToyDensities;
import org.nice4j.model.Presets;

/**
 * The README: a run checkpoints "after every epoch and every 10 minutes". The period is the run's
 * {@link TrainingConfig#checkpointSeconds()}, 600 by default: with 0 a run checkpoints after every minibatch, with
 * 600 never inside an epoch that takes less than that (a toy epoch takes well under a second on an idle machine).
 * Each run below crashes as its 7th minibatch (the 3rd of epoch 2) finishes; the checkpoint it leaves shows the
 * position training can resume from.
 */
class CheckpointTimerTest {
    private static final Presets.Preset TOY = Presets.get("nice-toy");
    /** 200 points in minibatches of 50: 4 minibatches an epoch. */
    private static final TrainingRun.Data DATA = new TrainingRun.Data(
            new ContinuousExamples(ToyDensities.twoMoons(200, 0.05, 1), 2),
            new ContinuousExamples(ToyDensities.twoMoons(100, 0.05, 2), 2), null);
    private static final int CRASH_AT = 7;

    @TempDir
    Path dir;

    @Test
    void theDefaultPeriodIsTenMinutes() {
        assertEquals(600, TrainingConfig.paper(1, 0).checkpointSeconds());
    }

    @Test
    void periodZeroCheckpointsAfterEveryMinibatch() {
        assertEquals(4 + 2, crashedRunCheckpoints(0), "3 inside epoch 1 and one at its end, then 2 in epoch 2");
        TrainingState saved = savedState();
        assertEquals(1, saved.epoch());
        assertEquals(2, saved.batch(), "minibatch 2 of epoch 2, the last one finished");
        assertEquals(6, saved.step());
    }

    @Test
    void tenMinutesCheckpointOnlyAtTheEndOfAShortEpoch() {
        assertEquals(1, crashedRunCheckpoints(600));
        TrainingState saved = savedState();
        assertEquals(1, saved.epoch());
        assertEquals(0, saved.batch());
        assertEquals(4, saved.step());
    }

    /** Starts a run that checkpoints every {@code seconds} and crashes; returns how many checkpoints it wrote. */
    private int crashedRunCheckpoints(int seconds) {
        TrainingConfig config = new TrainingConfig(3, 50, new OptimizerSettings.RmsProp(0.95, 100, 0, 0.5, 2), 1e-3,
                List.of(new Schedule.ExponentialDecay(1.0005, 1e-4)), 3, seconds, 0);
        CrashingListener listener = new CrashingListener();
        assertThrows(IllegalStateException.class, () -> TrainingRun.start(dir, TOY.model(), TOY.preprocessing(),
                config, Device.cpu(), DATA, Map.of(), listener));
        return listener.checkpoints;
    }

    /** Counts checkpoints and fails the run as a crash would when minibatch {@link #CRASH_AT} finishes. */
    private static final class CrashingListener implements TrainingListener {
        int batches;
        int checkpoints;

        @Override
        public void batchFinished(int examples, double nll, double learningRate) {
            if (++batches == CRASH_AT) {
                throw new IllegalStateException("simulated crash");
            }
        }

        @Override
        public void checkpointWritten(Path file) {
            checkpoints++;
        }
    }

    private TrainingState savedState() {
        Checkpoint.Restored restored = Checkpoint.load(dir.resolve("checkpoint.nice4j"), Device.cpu());
        restored.model().close();
        return restored.state();
    }
}
