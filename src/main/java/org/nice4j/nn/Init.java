package org.nice4j.nn;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.SplittableRandom;
import org.nice4j.Choice;

/**
 * Weight initialisation schemes, drawn in Java from a seeded generator so that the same seed gives the same
 * model on every engine and device.
 */
public enum Init implements Choice {
    /** U(−scale, scale) for weights and biases alike: the NICE reference code, scale 0.01. */
    UNIFORM,
    /** He/Kaiming normal N(0, 2/fan_in) for weights, zero biases: the usual choice for deep ReLU networks. */
    HE;

    @JsonCreator
    public static Init parse(String id) {
        return Choice.parse(Init.class, id, "init");
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
