package org.nice4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShuffleTest {

    /** The order the code produced before batches and permutations shared it: seeds must keep their meaning. */
    @Test
    void aSeedGivesTheSameOrderAsAlways() {
        assertArrayEquals(new int[] {2, 1, 7, 0, 8, 5, 11, 10, 6, 3, 9, 4},
                Shuffle.permutation(12, new SplittableRandom(7)));
    }

    @Test
    void everyIndexAppearsOnce() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int n = 0; n < 40; n++) {
            int[] order = Shuffle.permutation(n, rng);
            Arrays.sort(order);
            assertArrayEquals(IntStream.range(0, n).toArray(), order, "n = " + n);
        }
    }
}
