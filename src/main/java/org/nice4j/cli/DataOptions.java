package org.nice4j.cli;

import java.nio.file.Path;
import org.nice4j.UsageException;
import org.nice4j.data.DatasetLocator;
import org.nice4j.data.ImageDataset;
import org.nice4j.data.Splits;
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

    /** The reference splits (train 50k, valid 10k, test 10k for MNIST), limited if asked. */
    Splits splits() {
        if (limit != null && limit < 1) {
            throw new UsageException("--limit must be at least 1, got " + limit);
        }
        Splits s = DatasetLocator.fromSystem().locate(dataset, dataDir).referenceSplits();
        return limit == null ? s : s.limit(limit);
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
