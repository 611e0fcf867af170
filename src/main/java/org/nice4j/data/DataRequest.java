package org.nice4j.data;

import java.nio.file.Path;
import java.util.List;
import org.nice4j.InvalidSettingException;

/**
 * Where a run's examples come from, as a user names them, and how one file is split.
 *
 * @param dataset       a dataset's name (see {@link NamedDatasets}), or {@code null}; with an IDX folder it only
 *                      names the data
 * @param data          a file or folder (see {@link DataFiles}), or {@code null}
 * @param validData     a separate validation file, or {@code null} to split it off {@code data}
 * @param testData      a separate test file, or {@code null} to split it off {@code data}
 * @param labelColumn   the CSV column with class labels, or {@code null}
 * @param validFraction the share of {@code data} held out for validation when there is no {@code validData}
 * @param testFraction  the share of {@code data} held out for testing when there is no {@code testData}
 * @param splitSeed     the seed of that split: the same seed, the same rows in each split
 */
public record DataRequest(String dataset, Path data, Path validData, Path testData, String labelColumn,
        double validFraction, double testFraction, long splitSeed) {

    /** The default shares held out of a single file: a tenth each for validation and testing. */
    public static final double DEFAULT_FRACTION = 0.1;

    /** The examples resolved, with the class names of a source that names its classes (image class folders). */
    public record Resolved(DataSplits splits, List<String> classNames) {}

    /**
     * Reads the data: a named dataset, an IDX folder's reference split, or a file split at random; separate
     * validation and test files replace those splits. With neither a name nor a path, {@code defaultDataset}.
     */
    public Resolved resolve(DatasetLocator locator, String defaultDataset) {
        if (data == null) {
            if (validData != null || testData != null) {
                throw new InvalidSettingException("validData", "separate validation or test files go with a"
                        + " training file (data), not a named dataset");
            }
            String name = dataset != null ? dataset : defaultDataset;
            return new Resolved(NamedDatasets.splits(name, locator), List.of());
        }
        DataSplits splits;
        List<String> classNames = List.of();
        if (DataFiles.kindOf(data) == DataFiles.Kind.IDX_FOLDER) {
            String name = dataset != null ? dataset : DatasetLocator.DEFAULT_DATASET;
            splits = DataSplits.of(locator.locate(name, data).referenceSplits());
        } else {
            if (validData == null && validFraction == 0) {
                throw new InvalidSettingException("validFraction", "a run needs validation data: give a fraction"
                        + " above 0 or a separate validation file");
            }
            DataFiles.Loaded all = DataFiles.read(data, labelColumn);
            classNames = all.classNames();
            splits = DataSplits.random(all.rows(), validData == null ? validFraction : 0,
                    testData == null ? testFraction : 0, splitSeed);
        }
        splits = splits.with(validData == null ? null : DataFiles.read(validData, labelColumn).rows(),
                testData == null ? null : DataFiles.read(testData, labelColumn).rows());
        return new Resolved(splits, classNames);
    }
}
