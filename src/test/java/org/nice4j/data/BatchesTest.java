package org.nice4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.nice4j.InvalidSettingException;

class BatchesTest {

    @Property(tries = 300)
    void shuffledBatchesCoverEveryIndexExactlyOnce(@ForAll @IntRange(min = 0, max = 500) int n,
            @ForAll @IntRange(min = 1, max = 64) int batchSize, @ForAll long seed) {
        int[][] batches = Batches.shuffledBatches(n, batchSize, new SplittableRandom(seed));

        assertBatchShape(batches, n, batchSize);
        int[] all = Arrays.stream(batches).flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(IntStream.range(0, n).toArray(), all);
    }

    @Property(tries = 100)
    void sequentialBatchesAreInOrder(@ForAll @IntRange(min = 0, max = 300) int n,
            @ForAll @IntRange(min = 1, max = 64) int batchSize) {
        int[][] batches = Batches.sequentialBatches(n, batchSize);

        assertBatchShape(batches, n, batchSize);
        assertArrayEquals(IntStream.range(0, n).toArray(),
                Arrays.stream(batches).flatMapToInt(Arrays::stream).toArray());
    }

    @Test
    void shuffleDependsOnlyOnTheSeed() {
        int[][] first = Batches.shuffledBatches(100, 10, new SplittableRandom(1));

        assertTrue(Arrays.deepEquals(first, Batches.shuffledBatches(100, 10, new SplittableRandom(1))));
        assertNotEquals(Arrays.deepToString(first),
                Arrays.deepToString(Batches.shuffledBatches(100, 10, new SplittableRandom(2))));
    }

    @Test
    void everyPositionIsEquallyLikelyForEveryIndex() {
        int n = 5;
        int trials = 50_000;
        int[][] counts = new int[n][n];
        SplittableRandom rng = new SplittableRandom(3);
        for (int t = 0; t < trials; t++) {
            int[] order = Batches.shuffledBatches(n, n, rng)[0];
            for (int position = 0; position < n; position++) {
                counts[order[position]][position]++;
            }
        }
        for (int[] row : counts) {
            for (int count : row) {
                assertEquals(trials / n, count, trials / n * 0.05);
            }
        }
    }

    @Test
    void batchSizeMustBePositive() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Batches.sequentialBatches(10, 0));
        assertEquals("batch size must be at least 1, got 0", e.getMessage());
    }

    private static void assertBatchShape(int[][] batches, int n, int batchSize) {
        assertEquals((n + batchSize - 1) / batchSize, batches.length);
        for (int b = 0; b + 1 < batches.length; b++) {
            assertEquals(batchSize, batches[b].length);
        }
        if (batches.length > 0) {
            assertEquals(n - (batches.length - 1) * batchSize, batches[batches.length - 1].length);
        }
    }
}
