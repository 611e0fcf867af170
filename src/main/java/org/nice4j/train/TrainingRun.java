package org.nice4j.train;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;
import org.nice4j.data.Examples;
import org.nice4j.infer.SampleGrid;
import org.nice4j.io.ModelFile;
import org.nice4j.model.DensityArchitecture;
import org.nice4j.model.DensityModel;
import org.nice4j.model.Preprocessing;
import org.nice4j.model.Scoring;
import org.nice4j.viz.ImageGrid;

/**
 * A whole training run in a run directory: fresh or resumed from its checkpoint, trained, then judged on the test
 * split with the best-on-validation model, with samples and a summary written beside the model.
 */
public final class TrainingRun {

    /** The data of a run. {@code valid} and {@code test} may be null. */
    public record Data(Examples train, Examples valid, Examples test) {}

    /** What a finished run reports. */
    public record Outcome(RunDirectory run, TrainingState state, double testLogLikelihood, double testBitsPerDim,
            Map<String, Object> summary) {}

    /**
     * How the finished run scores its test split: a latent-variable model with 100 importance samples, enough for a
     * summary; {@code eval} takes more.
     */
    public static final Scoring SUMMARY_SCORING = new Scoring(100, 0);

    private TrainingRun() {}

    /** Starts a new run in {@code dir}, which must not already hold a checkpoint. */
    @SuppressWarnings("try") // the lock is held for the block, never read
    public static Outcome start(Path dir, DensityArchitecture model, Preprocessing preprocessing,
            TrainingConfig config, Device device, Data data, Map<String, Object> provenance,
            TrainingListener listener) {
        model.checkData(preprocessing);
        RunDirectory run = new RunDirectory(dir);
        if (Files.exists(run.checkpoint())) {
            throw new InvalidSettingException("runDir", dir + " already holds a run (" + run.checkpoint().getFileName()
                    + "); resume it, or start in another directory");
        }
        Map<String, Object> p = new LinkedHashMap<>(provenance);
        p.putIfAbsent("created", Instant.now().toString());
        p.put("seed", config.seed());
        try (RunLock lock = RunLock.acquire(run, "runDir");
                DensityModel created = model.create(preprocessing, device, config.seed())) {
            initialiseFromData(created, config, data, run, listener);
            Optimizer optimizer = config.optimizer().create(created.parameters());
            WeightAverage average = new WeightAverage(created.parameters(), config.averageDecay());
            TrainingState state = new Trainer(created, optimizer, average, config, TrainingState.start(), run, p,
                    listener).train(data.train(), data.valid());
            return finish(run, model, state, config, device, data, p);
        }
    }

    /** A flow's fitted whitening, then the data-dependent scaling of any model's flow, set before its first step. */
    private static void initialiseFromData(DensityModel model, TrainingConfig config, Data data, RunDirectory run,
            TrainingListener listener) {
        model.asFlow().filter(flow -> flow.whitening().isPresent())
                .ifPresent(flow -> WhiteningFit.fit(flow, data.train(), data.valid(), config, run, listener));
        if (config.initExamples() > 0) {
            ScalingInit.fromData(model, data.train(), config.initExamples(), config.seed());
        }
    }

    /**
     * Continues the run in {@code dir} from its checkpoint, with the settings it was started with.
     *
     * @param epochs a new total number of epochs, or 0 to keep the saved one
     */
    public static Outcome resume(Path dir, int epochs, Device device, Data data, TrainingListener listener) {
        return resume(dir, epochs, device, (provenance, preprocessing) -> data, listener);
    }

    /**
     * Like {@link #resume(Path, int, Device, Data, TrainingListener)}, with the data chosen from the run's
     * provenance (for example the dataset and limit it was started with) and the preprocessing of its model.
     */
    @SuppressWarnings("try") // the lock is held for the block, never read
    public static Outcome resume(Path dir, int epochs, Device device,
            BiFunction<Map<String, Object>, Preprocessing, Data> dataForRun, TrainingListener listener) {
        RunDirectory run = new RunDirectory(dir);
        if (!Files.exists(run.checkpoint())) {
            throw new InvalidSettingException("resume", "no run to resume in " + dir + " (no "
                    + run.checkpoint().getFileName() + " there)");
        }
        try (RunLock lock = RunLock.acquire(run, "resume")) {
            Checkpoint.Restored restored = Checkpoint.load(run.checkpoint(), device);
            try (DensityModel model = restored.model()) {
                Data data = dataForRun.apply(restored.provenance(), model.preprocessing());
                TrainingConfig config = epochs > 0 ? restored.config().withEpochs(epochs) : restored.config();
                Optimizer optimizer = restored.restoreOptimizer();
                TrainingState state = new Trainer(model, optimizer, restored.restoreAverage(), config,
                        restored.state(), run, restored.provenance(), listener).train(data.train(), data.valid());
                return finish(run, model.architecture(), state, config, device, data, restored.provenance());
            }
        }
    }

    private static Outcome finish(RunDirectory run, DensityArchitecture architecture, TrainingState state,
            TrainingConfig config, Device device, Data data, Map<String, Object> provenance) {
        if (!Files.exists(run.model())) {
            throw new NiceException(run.dir() + ": no model was kept (no epoch finished with a finite validation score)");
        }
        ModelFile.Loaded best = ModelFile.load(run.model(), device, architecture);
        try (DensityModel model = best.model()) {
            keepValidationScores(model, data.valid(), provenance, run);
            Map<String, Double> scores = data.test() == null ? Map.of()
                    : Evaluator.meanScores(model, data.test(), Evaluator.BATCH, SUMMARY_SCORING, done -> {});
            double testLl = scores.getOrDefault(DensityModel.LOG_LIKELIHOOD, Double.NaN);
            Preprocessing pre = model.preprocessing();
            double bpd = pre.isImage() && Double.isFinite(testLl) ? pre.bitsPerDim(testLl) : Double.NaN;
            if (pre.isImage()) {
                SampleGrid grid = SampleGrid.of(model, config.seed());
                ImageGrid.writeGrid(pre.displayed(grid.rows()), pre.height(), pre.width(), grid.columns(),
                        run.samples());
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("model", run.model().toString());
            summary.put("epochs", state.history().size());
            summary.put("best_epoch", state.bestEpoch());
            summary.put("best_valid_log_likelihood_nats", finiteOrNull(state.bestValidLl()));
            summary.put("test_log_likelihood_nats", finiteOrNull(testLl));
            summary.put("test_bits_per_dim", finiteOrNull(bpd));
            scores.forEach((name, value) -> {
                if (!name.equals(DensityModel.LOG_LIKELIHOOD)) {
                    summary.put("test_" + name, finiteOrNull(value));
                }
            });
            summary.put("test_examples", data.test() == null ? 0 : data.test().size());
            summary.put("parameters", model.parameterCount());
            summary.put("training_seconds", state.history().stream().mapToDouble(EpochMetrics::seconds).sum());
            summary.put("training", config);
            summary.put("provenance", provenance);
            run.writeSummary(summary);
            return new Outcome(run, state, testLl, bpd, summary);
        }
    }

    /**
     * Stores the distribution of the kept model's validation scores (log-likelihoods of a flow) in its model file, so
     * that scoring new data can flag rows as unlikely as the least likely validation rows.
     */
    private static void keepValidationScores(DensityModel model, Examples valid, Map<String, Object> provenance,
            RunDirectory run) {
        if (valid == null || valid.size() == 0) {
            return;
        }
        double[] ll = Evaluator.validationScores(model, valid, Evaluator.BATCH);
        if (Arrays.stream(ll).allMatch(Double::isFinite)) {
            Map<String, Object> withScores = new LinkedHashMap<>(provenance);
            withScores.put(ScoreQuantiles.KEY, ScoreQuantiles.of(ll));
            ModelFile.save(model, withScores, run.model());
        }
    }

    private static Object finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
