package org.nice4j;

/** Derives independent seeds from a run seed and positions (epoch, minibatch), so any step can be replayed. */
public final class Seeds {
    private Seeds() {}

    /** SplitMix64 over the parts: well-mixed, and different for every (seed, parts…) tuple in practice. */
    public static long mix(long seed, long... parts) {
        long z = seed;
        for (long p : parts) {
            z = scramble(z + 0x9E3779B97F4A7C15L * (p + 1));
        }
        return scramble(z);
    }

    private static long scramble(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
