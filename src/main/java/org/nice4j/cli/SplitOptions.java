package org.nice4j.cli;

import java.nio.file.Path;
import java.util.Map;
import org.nice4j.data.DataRequest;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How a data file is split into training, validation and test examples, and which CSV column holds labels. */
final class SplitOptions {
    @Option(names = "--valid-data", paramLabel = "FILE",
            description = "Validation examples in their own file or folder (default: a share of --data).")
    Path validData;

    @Option(names = "--test-data", paramLabel = "FILE",
            description = "Test examples in their own file or folder (default: a share of --data).")
    Path testData;

    @Option(names = "--valid-fraction", paramLabel = "F",
            description = "Share of a --data file held out for validation, at random (default: 0.1).")
    Double validFraction;

    @Option(names = "--test-fraction", paramLabel = "F",
            description = "Share of a --data file held out for testing, at random (default: 0.1).")
    Double testFraction;

    @Option(names = "--split-seed", paramLabel = "N",
            description = "Seed of that random split; kept apart from --seed so that runs with different seeds are"
                    + " compared on the same test rows (default: 0).")
    Long splitSeed;

    @Option(names = "--label-column", paramLabel = "NAME",
            description = "The CSV header's column holding class labels (non-negative integers); not modelled.")
    String labelColumn;

    /**
     * Fills in the options of the run (or model) being continued or evaluated where the user gave none, so that its
     * data is split again as it was.
     *
     * @param sourceGiven whether the user named new data, whose own files then replace the recorded ones
     */
    void defaultTo(Map<String, Object> provenance, CommandLine.ParseResult given, boolean sourceGiven) {
        if (!sourceGiven) {
            if (!given.hasMatchedOption("--valid-data") && provenance.get("valid_data") instanceof String file) {
                validData = Path.of(file);
            }
            if (!given.hasMatchedOption("--test-data") && provenance.get("test_data") instanceof String file) {
                testData = Path.of(file);
            }
            if (!given.hasMatchedOption("--label-column") && provenance.get("label_column") instanceof String c) {
                labelColumn = c;
            }
        }
        if (!given.hasMatchedOption("--valid-fraction") && provenance.get("valid_fraction") instanceof Number f) {
            validFraction = f.doubleValue();
        }
        if (!given.hasMatchedOption("--test-fraction") && provenance.get("test_fraction") instanceof Number f) {
            testFraction = f.doubleValue();
        }
        if (!given.hasMatchedOption("--split-seed") && provenance.get("split_seed") instanceof Number s) {
            splitSeed = s.longValue();
        }
    }

    /** The options as provenance entries, read back by {@link #defaultTo}. */
    void describe(Map<String, Object> provenance) {
        provenance.put("valid_data", absolute(validData));
        provenance.put("test_data", absolute(testData));
        provenance.put("valid_fraction", validFraction());
        provenance.put("test_fraction", testFraction());
        provenance.put("split_seed", splitSeed());
        provenance.put("label_column", labelColumn);
    }

    /** The request for {@code dataset} or {@code data} split by these options. */
    DataRequest request(String dataset, Path data) {
        return new DataRequest(dataset, data, validData, testData, labelColumn, validFraction(), testFraction(),
                splitSeed());
    }

    private double validFraction() {
        return validFraction == null ? DataRequest.DEFAULT_FRACTION : validFraction;
    }

    private double testFraction() {
        return testFraction == null ? DataRequest.DEFAULT_FRACTION : testFraction;
    }

    private long splitSeed() {
        return splitSeed == null ? 0 : splitSeed;
    }

    private static String absolute(Path p) {
        return p == null ? null : p.toAbsolutePath().toString();
    }
}
