package org.nice4j.data;

import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;

/**
 * Training, validation and test sets. The validation set drives early stopping and model choice, so the test
 * set is only touched for the final report.
 */
public record Splits(ImageDataset train, ImageDataset valid, ImageDataset test) {

    /** The validation size of the NICE reference code: the last 10,000 of MNIST's 60,000 training images. */
    public static final int REFERENCE_VALID_SIZE = 10_000;

    /**
     * The split of the NICE reference code: validation is the last 10,000 examples of the training file, training
     * is the rest (50,000 for MNIST), test is the test file.
     *
     * <p>A training file with fewer than 60,000 examples gives its last sixth (at least one example) to validation,
     * which is the same proportion; a larger one still gives exactly 10,000. In one formula:
     * {@code valid = min(10000, max(1, n / 6))}.
     */
    public static Splits referenceSplit(ImageDataset trainAll, ImageDataset test) {
        int n = trainAll.size();
        if (n < 2) {
            throw new NiceException("dataset '" + trainAll.name() + "' has " + n
                    + " training examples; need at least 2 to hold one out for validation");
        }
        int validSize = Math.min(REFERENCE_VALID_SIZE, Math.max(1, n / 6));
        return new Splits(trainAll.slice(0, n - validSize), trainAll.slice(n - validSize, n), test);
    }

    /**
     * Applies {@code --limit n}: every split keeps its first {@code min(n, size)} examples. One cap for all three
     * keeps the rule easy to predict, and a quick run then also evaluates quickly.
     */
    public Splits limit(int n) {
        if (n < 1) {
            throw new InvalidSettingException("limit", "limit must be at least 1, got " + n);
        }
        return new Splits(train.limit(n), valid.limit(n), test.limit(n));
    }
}
