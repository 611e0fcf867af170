package org.nice4j.train;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nice4j.Seeds;
import org.nice4j.data.Batches;
import org.nice4j.data.Examples;
import org.nice4j.data.NoisyExamples;
import org.nice4j.io.ModelFile;
import org.nice4j.model.DensityModel;

/**
 * Training of any {@link DensityModel} on its objective, with per-epoch validation. Keeps the best-on-validation model, checkpoints after
 * every epoch and every {@link TrainingConfig#checkpointSeconds()} inside one, and derives all randomness
 * (minibatch order, dequantization noise) from the seed and the position in the run, so that a run resumed from
 * a checkpoint computes exactly what the uninterrupted run would have.
 */
public final class Trainer {
    /** Mixed into a minibatch's seed for a latent-variable model's draws, apart from the data's noise. */
    private static final long LATENT_DRAWS = 1;
    private final DensityModel model;
    private final Optimizer optimizer;
    private final WeightAverage average;
    private final TrainingConfig config;
    private final RunDirectory run;
    private final Map<String, Object> provenance;
    private final TrainingListener listener;
    private final TrainingStep step;
    private TrainingState state;

    /**
     * @param average the average of the weights that is validated and kept (inactive for the raw weights), stepped
     *                after every update
     */
    public Trainer(DensityModel model, Optimizer optimizer, WeightAverage average, TrainingConfig config,
            TrainingState state, RunDirectory run, Map<String, Object> provenance, TrainingListener listener) {
        this.model = model;
        this.optimizer = optimizer;
        this.average = average;
        this.config = config;
        this.state = state;
        this.run = run;
        this.provenance = new LinkedHashMap<>(provenance);
        this.listener = listener;
        this.step = new TrainingStep(model, optimizer, config.precision());
    }

    /**
     * Trains until {@code config.epochs()} epochs are done.
     *
     * @param valid the validation examples, or null to keep the last epoch's model
     * @return the final state (its history holds every epoch's metrics)
     */
    public TrainingState train(Examples train, Examples valid) {
        model.checkTrainingData(train);
        Examples augmented = config.noise() > 0 ? new NoisyExamples(train, config.noise()) : train;
        while (state.epoch() < config.epochs()) {
            runEpoch(augmented, valid);
        }
        return state;
    }

    private void runEpoch(Examples train, Examples valid) {
        int epoch = state.epoch();
        int[][] batches = Batches.shuffledBatches(train.size(), config.batchSize(),
                new SplittableRandom(Seeds.mix(config.seed(), epoch)));
        double momentum = config.optimizer().momentumAt(epoch);
        listener.epochStarted(epoch + 1, config.epochs(), train.size(), config.batchSize(), state.batch());
        long started = System.nanoTime();
        long lastCheckpoint = started;
        double lr = config.learningRateAt(state.step(), epoch, state.history());
        for (int b = state.batch(); b < batches.length; b++) {
            float[] rows = train.batch(batches[b], new SplittableRandom(Seeds.mix(config.seed(), epoch, b)));
            lr = config.learningRateAt(state.step(), epoch, state.history());
            double loss = step.run(rows, train.condition(batches[b]), batches[b].length, lr, momentum,
                    config.klWeightAt(state.step()), Seeds.mix(config.seed(), epoch, b, LATENT_DRAWS));
            average.update(state.step() + 1);
            if (!Double.isFinite(loss)) {
                String kept = Files.exists(run.checkpoint()) ? "the last good checkpoint is kept in " + run.checkpoint()
                        : "no checkpoint was written before it";
                throw new TrainingDiverged("training diverged: the loss is " + loss + " at epoch " + (epoch + 1)
                        + ", minibatch " + (b + 1) + "; " + kept);
            }
            double elapsed = state.epochSeconds() + (System.nanoTime() - started) / 1e9;
            state = new TrainingState(epoch, b + 1, state.step() + 1, state.epochNllSum() + loss,
                    state.epochBatches() + 1, state.epochSeconds(), state.bestValidLl(), state.bestEpoch(),
                    state.history());
            listener.batchFinished(batches[b].length, loss, lr);
            if (listener.stopRequested()) {
                state = withSeconds(elapsed);
                checkpoint();
                throw new RunInterrupted("interrupted at epoch " + (epoch + 1) + ", minibatch " + (b + 1)
                        + "; checkpoint saved", run.dir());
            }
            if (b + 1 < batches.length && (System.nanoTime() - lastCheckpoint) / 1e9 >= config.checkpointSeconds()) {
                state = withSeconds(elapsed);
                started = System.nanoTime();
                checkpoint();
                lastCheckpoint = System.nanoTime();
            }
        }
        double seconds = state.epochSeconds() + (System.nanoTime() - started) / 1e9;
        average.swap();
        model.afterEpoch(train);
        double validLl = valid == null ? Double.NaN : Evaluator.meanValidationScore(model, valid, Evaluator.BATCH);
        EpochMetrics metrics = new EpochMetrics(epoch + 1, state.epochNllSum() / Math.max(1, state.epochBatches()),
                validLl, lr, seconds);
        boolean best = valid == null || validLl > state.bestValidLl();
        List<EpochMetrics> history = new ArrayList<>(state.history());
        history.add(metrics);
        state = new TrainingState(epoch + 1, 0, state.step(), 0, 0, 0, best ? validLl : state.bestValidLl(),
                best ? epoch + 1 : state.bestEpoch(), List.copyOf(history));
        if (best) {
            saveBest(metrics);
        }
        average.swap();
        checkpoint();
        run.writeMetrics(history);
        run.writeCurve(history);
        listener.epochFinished(metrics, best);
    }

    private TrainingState withSeconds(double seconds) {
        return new TrainingState(state.epoch(), state.batch(), state.step(), state.epochNllSum(), state.epochBatches(),
                seconds, state.bestValidLl(), state.bestEpoch(), state.history());
    }

    private void saveBest(EpochMetrics metrics) {
        Map<String, Object> p = new LinkedHashMap<>(provenance);
        p.put("epoch", metrics.epoch());
        p.put("steps", state.step());
        p.put("valid_log_likelihood", Double.isFinite(metrics.validLl()) ? metrics.validLl() : null);
        ModelFile.save(model, p, run.model());
    }

    private void checkpoint() {
        Checkpoint.save(run.checkpoint(), model, optimizer, average, config, state, provenance);
        listener.checkpointWritten(run.checkpoint());
    }
}
