package org.nice4j.spark;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.nice4j.InvalidSettingException;
import org.nice4j.Json;
import org.nice4j.cli.TrainingOptions;
import org.nice4j.data.DataRequest;
import org.nice4j.data.DataSplits;
import org.nice4j.data.DatasetLocator;
import org.nice4j.data.NamedDatasets;
import org.nice4j.io.ModelFile;
import org.nice4j.model.ArchitectureChoices;
import org.nice4j.model.DensityModel;
import org.nice4j.model.FlowModel;
import org.nice4j.model.ModelConfig;
import org.nice4j.model.Preprocessing;
import org.nice4j.model.Presets;
import org.nice4j.train.Checkpoint;
import org.nice4j.train.Evaluator;
import org.nice4j.train.Optimizer;
import org.nice4j.train.RunDirectory;
import org.nice4j.train.RunLock;
import org.nice4j.train.ScalingInit;
import org.nice4j.train.TrainingConfig;
import org.nice4j.train.TrainingState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Data-parallel training on the cluster, into the same run folder as `nice4j train` (model, "
                + "checkpoint, metrics, curve, summary).",
                "The driver reads and splits the data as `nice4j train` does, spreads the training split over "
                        + "--partitions workers, and trains in synchronous rounds of --workers-steps minibatches "
                        + "per worker: 1 averages the workers' gradients into one step (a step on the union of "
                        + "their minibatches), more averages their parameters and optimizer state.",
                "The recipe's options are `nice4j train`'s; --batch is each worker's minibatch, and a weight average"
                        + " (--average) is not kept."})
final class TrainJob implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--preset", defaultValue = "nice-mnist", description = "A preset (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--data", paramLabel = "FILE|DIR", description = "Training data as `nice4j train --data` reads"
            + " it; read on the driver.")
    Path data;

    @Option(names = "--dataset", paramLabel = "NAME", description = "A named dataset instead of --data.")
    String dataset;

    @Option(names = "--label-column", paramLabel = "NAME", description = "A CSV file's column of class labels.")
    String labelColumn;

    @Option(names = "--limit", paramLabel = "N", description = "Keep the first N examples of each split.")
    Integer limit;

    @Option(names = "--epochs", description = "Epochs (default: the preset's recipe, as for `nice4j train`).")
    Integer epochs;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--hidden", description = "Hidden units of the coupling networks (default: the preset's).")
    Integer hidden;

    @Option(names = "--depth", description = "Hidden layers of the coupling networks (default: the preset's).")
    Integer depth;

    @Mixin
    TrainingOptions training;

    @Option(names = "--workers-steps", defaultValue = "1", paramLabel = "K",
            description = "Minibatches each worker trains on per round (default: ${DEFAULT-VALUE}).")
    int workersSteps;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Workers (partitions of the training data); default: Spark's default parallelism.")
    Integer partitions;

    @Option(names = "--out", paramLabel = "DIR", description = "The run folder (default: runs/PRESET-spark-TIME).")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run in DIR from its checkpoint.")
    Path resume;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        TaskEngine.prepare();
        try (Sessions.Opened session = Sessions.open("nice4j train", cluster.master)) {
            JavaSparkContext spark = JavaSparkContext.fromSparkContext(session.spark().sparkContext());
            PrintWriter console = spec.commandLine().getOut();
            return resume != null ? resumeRun(session.spark(), spark, console) : startRun(session.spark(), spark,
                    console);
        }
    }

    private int startRun(SparkSession session, JavaSparkContext spark, PrintWriter console) {
        Presets.Preset p = Presets.get(preset);
        DataSplits splits = splits(p.preprocessing(), dataset, data, labelColumn, limit);
        Preprocessing pre = p.preprocessing().fittedTo(splits.shape());
        ModelConfig model = p.flow().adjusted(new ArchitectureChoices(hidden, depth, null, null, null, null, null));
        partitions = partitions != null ? partitions : spark.defaultParallelism();
        if (partitions < 1) {
            throw new InvalidSettingException("partitions", "the partitions must be at least 1, got " + partitions);
        }
        // A worker's steps per epoch follow its shard, not the whole split: schedules and warm-ups are placed in them.
        int shard = (splits.train().size() + partitions - 1) / partitions;
        TrainingConfig config = training.settings().resolve(p.epochsOr(epochs), seed, p.training(), shard);
        if (config.averageDecay() > 0) {
            console.printf(Locale.ROOT, "note: the preset's weight average (decay %s) is not kept by data-parallel"
                    + " training; the raw weights are validated and saved%n", config.averageDecay());
            config = config.withoutAverage();
        }
        Path dir = out != null ? out : Path.of("runs", preset + "-spark-" + Instant.now().getEpochSecond());
        RunDirectory run = new RunDirectory(dir);
        if (Files.exists(run.checkpoint())) {
            throw new InvalidSettingException("runDir", dir + " already holds a run (" + run.checkpoint().getFileName()
                    + "); resume it, or start in another directory");
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("preset", preset);
        provenance.put("dataset", dataset);
        provenance.put("data_dir", data == null ? null : data.toAbsolutePath().toString());
        provenance.put("label_column", labelColumn);
        provenance.put("limit", limit);
        provenance.put("created", Instant.now().toString());
        provenance.put("seed", seed);
        provenance.put("workers_steps", workersSteps);
        provenance.put("partitions", partitions);
        provenance.put("spark_master", spark.master());
        console.printf(Locale.ROOT, "training %s data-parallel (%,d examples on %d workers, %d local steps per "
                + "round) into %s%n", preset, splits.train().size(), partitions, workersSteps, dir);
        try (FlowModel flow = FlowModel.create(model, pre, Device.cpu(), seed)) {
            if (config.initExamples() > 0) {
                ScalingInit.fromData(flow, pre.examples(splits.train(), 0), config.initExamples(),
                        config.seed());
            }
            Optimizer rule = config.optimizer().create(flow.parameters());
            return trainAndSummarize(session, spark, flow, rule, config, TrainingState.start(), run, provenance,
                    splits, console);
        }
    }

    private int resumeRun(SparkSession session, JavaSparkContext spark, PrintWriter console) {
        RunDirectory run = new RunDirectory(resume);
        if (!Files.exists(run.checkpoint())) {
            throw new InvalidSettingException("resume", "no run to resume in " + resume + " (no "
                    + run.checkpoint().getFileName() + " there)");
        }
        Checkpoint.Restored restored = Checkpoint.load(run.checkpoint(), Device.cpu());
        try (DensityModel flow = restored.model()) {
            Map<String, Object> p = restored.provenance();
            JsonNode stored = Json.MAPPER.valueToTree(p);
            DataSplits splits = splits(flow.preprocessing(), text(stored, "dataset"),
                    stored.hasNonNull("data_dir") ? Path.of(stored.get("data_dir").asText()) : null,
                    text(stored, "label_column"), stored.hasNonNull("limit") ? stored.get("limit").asInt() : null);
            workersSteps = stored.path("workers_steps").asInt(1);
            partitions = stored.path("partitions").asInt(spark.defaultParallelism());
            TrainingConfig config = epochs != null ? restored.config().withEpochs(epochs) : restored.config();
            console.printf(Locale.ROOT, "resuming %s at epoch %d, round %d%n", resume, restored.state().epoch() + 1,
                    restored.state().batch() + 1);
            return trainAndSummarize(session, spark, flow, restored.restoreOptimizer(), config, restored.state(), run,
                    p, splits, console);
        }
    }

    @SuppressWarnings("try") // the lock is held for the block, never read
    private int trainAndSummarize(SparkSession session, JavaSparkContext spark, DensityModel flow, Optimizer rule,
            TrainingConfig config, TrainingState state, RunDirectory run, Map<String, Object> provenance,
            DataSplits splits, PrintWriter console) {
        try (RunLock lock = RunLock.acquire(run, "runDir")) { // the web page tells a live run from a dead one by it
            Preprocessing pre = flow.preprocessing();
            DataParallelTrainer trainer = new DataParallelTrainer(spark, flow, rule, config, run, provenance,
                    workersSteps, console);
            boolean labelled = splits.train().hasLabels();
            TrainingState done = trainer.train(RowsTable.of(session, splits.train(), partitions), RowsTable.FEATURES,
                    labelled ? RowsTable.LABEL : null, pre.examples(splits.valid(), 0), state);
            try (DensityModel best = ModelFile.load(run.model(), Device.cpu()).model()) {
                double testLl = Evaluator.meanValidationScore(best, pre.examples(splits.test(), 0), Evaluator.BATCH);
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("model", run.model().toString());
                summary.put("epochs", done.history().size());
                summary.put("best_epoch", done.bestEpoch());
                summary.put("best_valid_log_likelihood_nats", done.bestValidLl());
                summary.put("test_log_likelihood_nats", testLl);
                summary.put("test_examples", splits.test().size());
                summary.put("workers", partitions);
                summary.put("workers_steps", workersSteps);
                summary.put("rounds", trainer.times().rounds());
                summary.put("round_training_seconds", trainer.times().meanComputeSeconds());
                summary.put("round_communication_seconds", trainer.times().meanCommunicationSeconds());
                summary.put("training", config);
                summary.put("provenance", provenance);
                run.writeSummary(summary);
                console.printf(Locale.ROOT, "test log-likelihood %.3f nats; model in %s%n", testLl, run.model());
            }
        }
        return 0;
    }

    private static DataSplits splits(Preprocessing presetPre, String dataset, Path data, String labelColumn,
            Integer limit) {
        DataSplits s = new DataRequest(dataset, data, null, null, labelColumn, DataRequest.DEFAULT_FRACTION,
                DataRequest.DEFAULT_FRACTION, 0).resolve(DatasetLocator.fromSystem(),
                        NamedDatasets.defaultFor(presetPre.isImage())).splits();
        return limit == null ? s : s.limit(limit);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
