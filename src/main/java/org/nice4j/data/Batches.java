package org.nice4j.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nice4j.InvalidSettingException;
import org.nice4j.Shuffle;

/**
 * Plans of mini-batches as arrays of example indices: a fresh random order each training epoch, the plain order for
 * evaluation. The last batch keeps the remainder, so every example is used exactly once per pass.
 */
public final class Batches {

    private Batches() {
    }

    /** A uniformly random order of {@code 0..n-1} ({@link Shuffle}), cut into batches of {@code batchSize}. */
    public static int[][] shuffledBatches(int n, int batchSize, SplittableRandom rng) {
        check(n, batchSize);
        return chunk(Shuffle.permutation(n, rng), batchSize);
    }

    /** {@code 0..n-1} in order, cut into batches of {@code batchSize}. */
    public static int[][] sequentialBatches(int n, int batchSize) {
        check(n, batchSize);
        return chunk(IntStream.range(0, n).toArray(), batchSize);
    }

    private static void check(int n, int batchSize) {
        if (n < 0) {
            throw new IllegalArgumentException("number of examples must not be negative, got " + n);
        }
        if (batchSize < 1) {
            throw new InvalidSettingException("batchSize", "batch size must be at least 1, got " + batchSize);
        }
    }

    private static int[][] chunk(int[] order, int batchSize) {
        int count = (order.length + batchSize - 1) / batchSize;
        int[][] batches = new int[count][];
        for (int b = 0; b < count; b++) {
            batches[b] = Arrays.copyOfRange(order, b * batchSize, Math.min(order.length, (b + 1) * batchSize));
        }
        return batches;
    }
}
