package org.nice4j;

import java.util.SplittableRandom;

/** Uniformly random orderings, shared by mini-batch plans and the fixed permutations between coupling blocks. */
public final class Shuffle {
    private Shuffle() {}

    /**
     * A uniformly random permutation of {@code 0..n-1}: Fisher–Yates from the last position down, one
     * {@code nextInt} per swap. Saved runs and models rebuild their permutations from seeds, so this exact sequence
     * of draws is part of the file format and must not change.
     */
    public static int[] permutation(int n, SplittableRandom rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
