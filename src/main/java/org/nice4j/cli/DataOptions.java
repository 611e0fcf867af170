package org.nice4j.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import org.nice4j.UsageException;
import org.nice4j.data.DatasetLocator;
import org.nice4j.data.ImageDataset;
import org.nice4j.data.ImageExamples;
import org.nice4j.data.Splits;
import org.nice4j.model.Preprocessing;
import org.nice4j.train.TrainingRun;
import picocli.CommandLine.Option;

/** Where the data comes from: --dataset, --data and --limit. */
final class DataOptions {
    @Option(names = "--dataset", defaultValue = "mnist",
            description = "Dataset name (default: ${DEFAULT-VALUE}); fetched into ~/.nice4j/data when missing.")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder with the four IDX files (train/t10k images and labels, raw or .gz).")
    Path dataDir;

    @Option(names = "--limit", paramLabel = "N", description = "Use at most N examples of each split.")
    Integer limit;

    /**
     * Fills in the data options of the run being resumed where the user gave none, so that a resumed run trains on
     * the data it started with: the source (a new --dataset or --data replaces both) and the limit.
     */
    void defaultTo(Map<String, Object> provenance, CommandLine.ParseResult given) {
        if (!given.hasMatchedOption("--dataset") && !given.hasMatchedOption("--data")) {
            if (provenance.get("dataset") instanceof String name) {
                dataset = name;
            }
            if (provenance.get("data_dir") instanceof String dir) {
                dataDir = Path.of(dir);
            }
        }
        if (!given.hasMatchedOption("--limit") && provenance.get("limit") instanceof Number n) {
            limit = n.intValue();
        }
    }

    /** The options as provenance entries, read back by {@link #defaultTo}. */
    void describe(Map<String, Object> provenance) {
        provenance.put("dataset", dataset);
        provenance.put("data_dir", dataDir == null ? null : dataDir.toAbsolutePath().toString());
        provenance.put("limit", limit);
    }

    /** The reference splits (train 50k, valid 10k, test 10k for MNIST), limited if asked. */
    Splits splits() {
        if (limit != null && limit < 1) {
            throw new UsageException("--limit must be at least 1, got " + limit);
        }
        Splits s = DatasetLocator.fromSystem().locate(dataset, dataDir).referenceSplits();
        return limit == null ? s : s.limit(limit);
    }

    /** The training, validation and test examples of a run whose model takes images of {@code pre}. */
    TrainingRun.Data runData(Preprocessing pre) {
        Splits s = splits();
        return new TrainingRun.Data(new ImageExamples(s.train(), pre.levels()),
                new ImageExamples(s.valid(), pre.levels()), new ImageExamples(s.test(), pre.levels()));
    }

    static ImageDataset split(Splits s, String name) {
        return switch (name) {
            case "train" -> s.train();
            case "valid" -> s.valid();
            case "test" -> s.test();
            default -> throw new UsageException("unknown split '" + name + "' (known: train, valid, test)");
        };
    }
}
