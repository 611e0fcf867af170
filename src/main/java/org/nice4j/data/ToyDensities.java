package org.nice4j.data;

import java.util.SplittableRandom;
import org.nice4j.InvalidSettingException;

/**
 * Two-dimensional densities for quick experiments and pictures: a flow that fits them visibly can be trusted on
 * images more readily.
 */
public final class ToyDensities {

    /** Mean and variance of the noiseless two moons with the angle uniform on [0, π], used for standardising. */
    private static final double MOONS_MEAN_X = 0.5;
    private static final double MOONS_MEAN_Y = 0.25;
    private static final double MOONS_VAR_X = 0.75;
    private static final double MOONS_VAR_Y =
            0.5 - 4 / (Math.PI * Math.PI) + Math.pow((4 / Math.PI - 0.5) / 2, 2);

    private ToyDensities() {
    }

    /**
     * The two interleaved half circles of scikit-learn's {@code make_moons}: the upper moon {@code (cos t, sin t)}
     * and the lower moon {@code (1 - cos t, 0.5 - sin t)}, {@code t} uniform on [0, π], plus Gaussian noise of
     * standard deviation {@code noise}. Examples alternate between the moons, so any prefix is balanced; shuffle
     * with {@link Batches} to train. Each axis is then centred and scaled by the distribution's exact mean and
     * standard deviation, which gives unit variance per axis without depending on the sample.
     *
     * @return {@code n} points as {@code [x0, y0, x1, y1, …]}
     */
    public static float[] twoMoons(int n, double noise, long seed) {
        if (n < 1) {
            throw new InvalidSettingException("points", "number of points must be at least 1, got " + n);
        }
        if (!(noise >= 0)) {
            throw new InvalidSettingException("noise", "noise must be a non-negative number, got " + noise);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double scaleX = Math.sqrt(MOONS_VAR_X + noise * noise);
        double scaleY = Math.sqrt(MOONS_VAR_Y + noise * noise);
        float[] points = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double t = Math.PI * rng.nextDouble();
            boolean upper = i % 2 == 0;
            double x = upper ? Math.cos(t) : 1 - Math.cos(t);
            double y = upper ? Math.sin(t) : 0.5 - Math.sin(t);
            points[2 * i] = (float) ((x + noise * rng.nextGaussian() - MOONS_MEAN_X) / scaleX);
            points[2 * i + 1] = (float) ((y + noise * rng.nextGaussian() - MOONS_MEAN_Y) / scaleY);
        }
        return points;
    }
}
