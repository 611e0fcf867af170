package org.nice4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nice4j.data.DataRequest;
import org.nice4j.data.DataSplits;
import org.nice4j.data.DatasetLocator;
import org.nice4j.data.NamedDatasets;
import org.nice4j.data.Rows;
import org.nice4j.data.Splits;
import org.nice4j.experiment.GinToyData;
import org.nice4j.experiment.GinToyExperiment;
import org.nice4j.model.Preprocessing;
import org.nice4j.train.TrainingRun;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** Where the data comes from: --dataset, --data and --limit. */
final class DataOptions {
    @Option(names = "--dataset", paramLabel = "NAME",
            description = "Dataset name (default: mnist, fetched into ~/.nice4j/data when missing; for a continuous "
                    + "preset " + NamedDatasets.TWO_MOONS + ", made on the spot).")
    String dataset;

    @Option(names = "--data", paramLabel = "PATH",
            description = "Your data: a .csv file (numeric columns, header optional), a NumPy .npy file (float32/64"
                    + " rows, or uint8 images (N, H, W[, C])), a folder of PNG images of one size (optionally in one"
                    + " sub-folder per class), or a folder with the four MNIST IDX files.")
    Path dataDir;

    @Option(names = "--limit", paramLabel = "N", description = "Use at most N examples of each split.")
    Integer limit;

    /** The size and seed of generated data a resumed run was started on (gin-toy); null otherwise. */
    private Integer points;
    private Long dataSeed;
    /** The class names of the data read last, where its source names them (PNG class folders). */
    private List<String> classNames = List.of();

    /** A run's model input: the preprocessing fitted to the data and the examples, preprocessed. */
    record RunInput(Preprocessing preprocessing, TrainingRun.Data data) {}

    /**
     * Fills in the data options of the run being resumed (or the model being evaluated) where the user gave none, so
     * that it sees the data it was trained on: the source (a new --dataset or --data replaces all of it), the split
     * and the limit.
     */
    void defaultTo(Map<String, Object> provenance, CommandLine.ParseResult given, SplitOptions split) {
        defaultSourceTo(provenance, given, split);
        if (!given.hasMatchedOption("--limit") && provenance.get("limit") instanceof Number n) {
            limit = n.intValue();
        }
        if (provenance.get("points") instanceof Number n) {
            points = n.intValue();
        }
        if (provenance.get("data_seed") instanceof Number n) {
            dataSeed = n.longValue();
        }
    }

    /**
     * Like {@link #defaultTo} for the source and its split only: how a model is evaluated on the data it was trained
     * on, whole unless --limit is given.
     */
    void defaultSourceTo(Map<String, Object> provenance, CommandLine.ParseResult given, SplitOptions split) {
        boolean sourceGiven = given.hasMatchedOption("--dataset") || given.hasMatchedOption("--data");
        if (!sourceGiven) {
            if (provenance.get("dataset") instanceof String name) {
                dataset = name;
            }
            if (provenance.get("data_dir") instanceof String dir) {
                dataDir = Path.of(dir);
            }
        }
        split.defaultTo(provenance, given, sourceGiven);
    }

    /** The options as provenance entries of a run on data of {@code pre}, read back by {@link #defaultTo}. */
    void describe(Map<String, Object> provenance, Preprocessing pre, SplitOptions split) {
        provenance.put("dataset", dataDir == null ? datasetFor(pre) : dataset);
        provenance.put("data_dir", dataDir == null ? null : dataDir.toAbsolutePath().toString());
        split.describe(provenance);
        provenance.put("limit", limit);
        if (!classNames.isEmpty()) {
            provenance.put("class_names", classNames);
        }
    }

    /**
     * Fails early, as a usage error, on a dataset name that is neither made on the spot nor known (on disk or to the
     * downloader), before a command loads anything.
     */
    void checkDatasetName() {
        if (dataset != null && dataDir == null && !NamedDatasets.isGenerated(dataset)) {
            DatasetLocator.fromSystem().locate(dataset, null);
        }
    }

    /** The reference splits of an IDX dataset (train 50k, valid 10k, test 10k for MNIST), limited if asked. */
    Splits splits() {
        checkLimit();
        Splits s = DatasetLocator.fromSystem().locate(dataset == null ? DatasetLocator.DEFAULT_DATASET : dataset,
                dataDir).referenceSplits();
        return limit == null ? s : s.limit(limit);
    }

    /**
     * The examples of a new run of a preset whose data takes {@code presetPre}, read and split as the options say,
     * with that preprocessing fitted to the data's shape (a table's width, an image folder's size and channels).
     */
    RunInput forPreset(Preprocessing presetPre, SplitOptions split) {
        DataSplits s = dataSplits(presetPre, split);
        Preprocessing fitted = presetPre.fittedTo(s.shape());
        return new RunInput(fitted, data(fitted, s));
    }

    /** The examples of a run being resumed, whose model takes data of {@code modelPre}. */
    TrainingRun.Data forModel(Preprocessing modelPre, SplitOptions split) {
        if (GinToyExperiment.DATASET.equals(dataset) && points != null && dataSeed != null) {
            // the points a gin-toy run was started on, made again from its size and seed
            return GinToyExperiment.data(GinToyData.generate(points, dataSeed));
        }
        return data(modelPre, dataSplits(modelPre, split));
    }

    /** The training, validation and test examples, for a model that takes data of {@code pre}. */
    DataSplits dataSplits(Preprocessing pre, SplitOptions split) {
        checkLimit();
        DataRequest.Resolved resolved = split.request(dataset, dataDir).resolve(DatasetLocator.fromSystem(),
                datasetFor(pre));
        classNames = resolved.classNames();
        return limit == null ? resolved.splits() : resolved.splits().limit(limit);
    }

    private static TrainingRun.Data data(Preprocessing pre, DataSplits s) {
        return new TrainingRun.Data(pre.examples(s.train(), 0), pre.examples(s.valid(), 0),
                pre.examples(s.test(), 0));
    }

    private String datasetFor(Preprocessing pre) {
        return dataset != null ? dataset : NamedDatasets.defaultFor(pre.isImage());
    }

    private void checkLimit() {
        if (limit != null && limit < 1) {
            throw new UsageException("--limit must be at least 1, got " + limit);
        }
    }

    static Rows split(DataSplits s, String name) {
        return switch (name) {
            case "train" -> s.train();
            case "valid" -> s.valid();
            case "test" -> s.test();
            default -> throw new UsageException("unknown split '" + name + "' (known: train, valid, test)");
        };
    }
}
