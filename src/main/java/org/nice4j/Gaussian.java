package org.nice4j;

import java.util.SplittableRandom;

/** Standard normal draws from a {@link SplittableRandom}, which has no nextGaussian on Java 17. */
public final class Gaussian {
    private Gaussian() {}

    /** Box–Muller transform. */
    public static double next(SplittableRandom rng) {
        double u = 1.0 - rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
