package org.nice4j.nn;

import java.util.Locale;
import java.util.SplittableRandom;
import org.nice4j.InvalidSettingException;

/**
 * Weight initialisation schemes, drawn in Java from a seeded generator so that the same seed gives the same
 * model on every engine and device.
 */
public enum Init {
    /** U(−scale, scale) for weights and biases alike: the NICE reference code, scale 0.01. */
    UNIFORM,
    /** He/Kaiming normal N(0, 2/fan_in) for weights, zero biases: the usual choice for deep ReLU networks. */
    HE;

    public static Init parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("init", "unknown initialisation '" + name + "' (known: uniform, he)");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    float[] weights(int fanIn, int fanOut, double scale, SplittableRandom rng) {
        float[] w = new float[fanIn * fanOut];
        double std = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < w.length; i++) {
            w[i] = this == UNIFORM ? (float) rng.nextDouble(-scale, scale) : (float) (org.nice4j.Gaussian.next(rng) * std);
        }
        return w;
    }

    float[] biases(int size, double scale, SplittableRandom rng) {
        float[] b = new float[size];
        if (this == UNIFORM) {
            for (int i = 0; i < size; i++) {
                b[i] = (float) rng.nextDouble(-scale, scale);
            }
        }
        return b;
    }
}
