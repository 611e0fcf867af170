package org.nice4j.cli;

import java.nio.file.Path;
import java.util.Map;
import org.nice4j.data.ContinuousExamples;
import org.nice4j.data.DatasetLocator;
import org.nice4j.data.ImageDataset;
import org.nice4j.data.ImageExamples;
import org.nice4j.data.Splits;
import org.nice4j.data.ToyDensities;
import org.nice4j.experiment.GinToyData;
import org.nice4j.experiment.GinToyExperiment;
import org.nice4j.model.Preprocessing;
import org.nice4j.train.TrainingRun;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** Where the data comes from: --dataset, --data and --limit. */
final class DataOptions {
    /** The 2-D toy data of the continuous presets (nice-toy): made on the spot, not read from files. */
    static final String TWO_MOONS = "two-moons";
    /** Points of the two-moons training set and of each held-out set, with the README Java example's noise. */
    private static final int MOONS_TRAIN = 2000;
    private static final int MOONS_HELD_OUT = 500;
    private static final double MOONS_NOISE = 0.05;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "Dataset name (default: mnist, fetched into ~/.nice4j/data when missing; for a 2-D toy "
                    + "preset " + TWO_MOONS + ", made on the spot).")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder with the four IDX files (train/t10k images and labels, raw or .gz).")
    Path dataDir;

    @Option(names = "--limit", paramLabel = "N", description = "Use at most N examples of each split.")
    Integer limit;

    /** The size and seed of generated data a resumed run was started on (gin-toy); null otherwise. */
    private Integer points;
    private Long dataSeed;

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
        if (provenance.get("points") instanceof Number n) {
            points = n.intValue();
        }
        if (provenance.get("data_seed") instanceof Number n) {
            dataSeed = n.longValue();
        }
    }

    /** The options as provenance entries of a run on data of {@code pre}, read back by {@link #defaultTo}. */
    void describe(Map<String, Object> provenance, Preprocessing pre) {
        provenance.put("dataset", datasetFor(pre));
        provenance.put("data_dir", dataDir == null ? null : dataDir.toAbsolutePath().toString());
        provenance.put("limit", limit);
    }

    /** The reference splits (train 50k, valid 10k, test 10k for MNIST), limited if asked. */
    Splits splits() {
        checkLimit();
        if (TWO_MOONS.equals(dataset)) {
            throw new UsageException("--dataset " + TWO_MOONS + " is 2-D toy data for the continuous presets, not"
                    + " images");
        }
        Splits s = DatasetLocator.fromSystem().locate(dataset == null ? DatasetLocator.DEFAULT_DATASET : dataset,
                dataDir).referenceSplits();
        return limit == null ? s : s.limit(limit);
    }

    /**
     * The training, validation and test examples of a run whose model takes data of {@code pre}: the image splits,
     * or for a continuous 2-D model the two moons.
     */
    TrainingRun.Data runData(Preprocessing pre) {
        if (pre.isImage()) {
            Splits s = splits();
            return new TrainingRun.Data(new ImageExamples(s.train(), pre.levels()),
                    new ImageExamples(s.valid(), pre.levels()), new ImageExamples(s.test(), pre.levels()));
        }
        if (GinToyExperiment.DATASET.equals(dataset) && points != null && dataSeed != null) {
            // the points a gin-toy run was started on, made again from its size and seed
            return GinToyExperiment.data(GinToyData.generate(points, dataSeed));
        }
        if (dataDir != null || !TWO_MOONS.equals(datasetFor(pre))) {
            throw new UsageException("a model of continuous data trains on --dataset " + TWO_MOONS
                    + ", made on the spot; --data and image datasets do not apply");
        }
        if (pre.dimension() != 2) {
            throw new UsageException("--dataset " + TWO_MOONS + " is 2-D, the model takes " + pre.dimension()
                    + " dimensions");
        }
        checkLimit();
        // the seeds of the README's Java example: the same points every run, so a resumed run sees the same data
        return new TrainingRun.Data(moons(MOONS_TRAIN, 1), moons(MOONS_HELD_OUT, 2), moons(MOONS_HELD_OUT, 3));
    }

    private String datasetFor(Preprocessing pre) {
        return dataset != null ? dataset : pre.isImage() ? DatasetLocator.DEFAULT_DATASET : TWO_MOONS;
    }

    private ContinuousExamples moons(int n, long seed) {
        int size = limit == null ? n : Math.min(n, limit);
        return new ContinuousExamples(ToyDensities.twoMoons(size, MOONS_NOISE, seed), 2);
    }

    private void checkLimit() {
        if (limit != null && limit < 1) {
            throw new UsageException("--limit must be at least 1, got " + limit);
        }
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
