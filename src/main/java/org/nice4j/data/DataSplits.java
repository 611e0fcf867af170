package org.nice4j.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;
import org.nice4j.Shuffle;

/**
 * Training, validation and test examples of any kind of data ({@link Splits} is the image-only split of an IDX
 * folder, which this wraps for runs that take either). {@code test} may be empty.
 */
public record DataSplits(Rows train, Rows valid, Rows test) {

    public DataSplits {
        if (!valid.dataShape().equals(train.dataShape()) || !test.dataShape().equals(train.dataShape())) {
            throw new NiceException("the validation data ('" + valid.name() + "', " + valid.dataShape().describe()
                    + ") or test data ('" + test.name() + "', " + test.dataShape().describe() + ") differ from the"
                    + " training data ('" + train.name() + "', " + train.dataShape().describe() + ")");
        }
    }

    /** An IDX folder's reference split. */
    public static DataSplits of(Splits s) {
        return new DataSplits(s.train(), s.valid(), s.test());
    }

    /**
     * Splits one file's examples at random: {@code round(n * testFraction)} to test, {@code round(n * validFraction)}
     * (at least one) to validation, the rest to training; each split keeps the file's order. The same seed gives
     * the same split.
     *
     * @throws InvalidSettingException ("validFraction", "testFraction") for fractions outside [0, 1) or summing
     *         to 1 or more
     * @throws NiceException when the file is too small to give training and validation an example each
     */
    public static DataSplits random(Rows all, double validFraction, double testFraction, long seed) {
        checkFraction("validFraction", validFraction);
        checkFraction("testFraction", testFraction);
        if (validFraction + testFraction >= 1) {
            throw new InvalidSettingException("testFraction", "the validation and test fractions sum to "
                    + (validFraction + testFraction) + "; they must leave some data for training (sum below 1)");
        }
        int n = all.size();
        int testSize = (int) Math.round(n * testFraction);
        int validSize = validFraction == 0 ? 0 : Math.max(1, (int) Math.round(n * validFraction));
        if (n - testSize - validSize < 1) {
            throw new NiceException(all.name() + ": " + n + " examples are too few to split into training ("
                    + "fraction " + (1 - validFraction - testFraction) + "), validation and test data");
        }
        int[] order = Shuffle.permutation(n, new SplittableRandom(seed));
        return new DataSplits(all.select(sorted(order, testSize + validSize, n)),
                all.select(sorted(order, testSize, testSize + validSize)), all.select(sorted(order, 0, testSize)));
    }

    /** Replaces the validation or test examples (either may be null to keep the current ones). */
    public DataSplits with(Rows newValid, Rows newTest) {
        return new DataSplits(train, newValid == null ? valid : newValid, newTest == null ? test : newTest);
    }

    /** Every split keeps its first {@code min(n, size)} examples, as {@link Splits#limit} does. */
    public DataSplits limit(int n) {
        if (n < 1) {
            throw new InvalidSettingException("limit", "limit must be at least 1, got " + n);
        }
        return new DataSplits(train.limit(n), valid.limit(n), test.limit(n));
    }

    /** What one example is. */
    public DataShape shape() {
        return train.dataShape();
    }

    private static int[] sorted(int[] order, int from, int to) {
        int[] part = Arrays.copyOfRange(order, from, to);
        Arrays.sort(part);
        return part;
    }

    private static void checkFraction(String setting, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new InvalidSettingException(setting, "a fraction of the data must be in [0, 1), got " + fraction);
        }
    }
}
