package org.nice4j.train;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.nice4j.NiceException;
import org.nice4j.data.Examples;
import org.nice4j.io.Checkpoint;
import org.nice4j.io.ModelFile;
import org.nice4j.model.FlowModel;
import org.nice4j.model.ModelConfig;
import org.nice4j.model.Preprocessing;
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

    private static final int SAMPLE_GRID = 8;

    private TrainingRun() {}

    /** Starts a new run in {@code dir}, which must not already hold a checkpoint. */
    public static Outcome start(Path dir, ModelConfig model, Preprocessing preprocessing, TrainingConfig config,
            Device device, Data data, Map<String, Object> provenance, TrainingListener listener) {
        RunDirectory run = new RunDirectory(dir);
        if (Files.exists(run.checkpoint())) {
            throw new org.nice4j.UsageException(dir + " already holds a run; continue it with --resume " + dir
                    + " or choose another --out");
        }
        Map<String, Object> p = new LinkedHashMap<>(provenance);
        p.putIfAbsent("created", Instant.now().toString());
        p.put("seed", config.seed());
        try (FlowModel flow = FlowModel.create(model, preprocessing, device, config.seed())) {
            Optimizer optimizer = config.newOptimizer(flow.parameters());
            TrainingState state = new Trainer(flow, optimizer, config, TrainingState.start(), run, p, listener)
                    .train(data.train(), data.valid());
            return finish(run, state, config, device, data, p);
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
    public static Outcome resume(Path dir, int epochs, Device device,
            BiFunction<Map<String, Object>, Preprocessing, Data> dataForRun, TrainingListener listener) {
        RunDirectory run = new RunDirectory(dir);
        if (!Files.exists(run.checkpoint())) {
            throw new org.nice4j.UsageException("--resume " + dir + ": no checkpoint.nice4j there");
        }
        Checkpoint.Restored restored = Checkpoint.load(run.checkpoint(), device);
        try (FlowModel flow = restored.model()) {
            Data data = dataForRun.apply(restored.provenance(), flow.preprocessing());
            TrainingConfig config = epochs > 0 ? restored.config().withEpochs(epochs) : restored.config();
            Optimizer optimizer = restored.restoreOptimizer();
            TrainingState state = new Trainer(flow, optimizer, config, restored.state(), run, restored.provenance(),
                    listener).train(data.train(), data.valid());
            return finish(run, state, config, device, data, restored.provenance());
        }
    }

    private static Outcome finish(RunDirectory run, TrainingState state, TrainingConfig config, Device device,
            Data data, Map<String, Object> provenance) {
        if (!Files.exists(run.model())) {
            throw new NiceException(run.dir() + ": no model was kept (no epoch finished with a finite validation score)");
        }
        ModelFile.Loaded best = ModelFile.load(run.model(), device);
        try (FlowModel model = best.model()) {
            double testLl = data.test() == null ? Double.NaN
                    : Evaluator.meanLogLikelihood(model, data.test(), Evaluator.BATCH);
            Preprocessing pre = model.preprocessing();
            double bpd = pre.isImage() && Double.isFinite(testLl) ? pre.bitsPerDim(testLl) : Double.NaN;
            if (pre.isImage()) {
                int columns = model.config().isClassConditional() ? model.config().classes() : SAMPLE_GRID;
                ImageGrid.writeGrid(samples(model, config.seed()), pre.height(), pre.width(), columns, run.samples());
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("model", run.model().toString());
            summary.put("epochs", state.history().size());
            summary.put("best_epoch", state.bestEpoch());
            summary.put("best_valid_log_likelihood_nats", finiteOrNull(state.bestValidLl()));
            summary.put("test_log_likelihood_nats", finiteOrNull(testLl));
            summary.put("test_bits_per_dim", finiteOrNull(bpd));
            if (model.classPrior().isPresent() && data.test() != null && data.test().labelled()) {
                summary.put("test_conditional_log_likelihood_nats", finiteOrNull(
                        Evaluator.meanConditionalLogLikelihood(model, data.test(), Evaluator.BATCH)));
                summary.put("test_class_accuracy", Evaluator.classAccuracy(model, data.test(), Evaluator.BATCH));
            }
            summary.put("test_examples", data.test() == null ? 0 : data.test().size());
            summary.put("parameters", model.parameterCount());
            summary.put("training_seconds", state.history().stream().mapToDouble(EpochMetrics::seconds).sum());
            summary.put("training", config);
            summary.put("provenance", provenance);
            run.writeSummary(summary);
            return new Outcome(run, state, testLl, bpd, summary);
        }
    }

    /** Samples from the prior: an 8×8 grid, or for a class-conditional model 8 rows with one column per class. */
    private static float[][] samples(FlowModel model, long seed) {
        if (model.classPrior().isEmpty()) {
            return model.sample(SAMPLE_GRID * SAMPLE_GRID, 1.0, seed);
        }
        int classes = model.config().classes();
        float[][] out = new float[SAMPLE_GRID * classes][];
        for (int k = 0; k < classes; k++) {
            float[][] ofClass = model.sample(k, SAMPLE_GRID, 1.0, seed + k);
            for (int r = 0; r < SAMPLE_GRID; r++) {
                out[r * classes + k] = ofClass[r];
            }
        }
        return out;
    }

    private static Object finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
