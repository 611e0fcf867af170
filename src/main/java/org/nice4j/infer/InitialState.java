package org.nice4j.infer;

import java.util.Locale;
import java.util.SplittableRandom;
import org.nice4j.InvalidSettingException;

/** Where the hidden pixels start before inpainting; observed pixels always start (and stay) at their values. */
public enum InitialState {
    /** Uniform noise in [0, 1): no prior guess, as in the paper's figure. */
    NOISE,
    /** Black, MNIST's background. */
    ZEROS,
    /** The training mean image, so inpainting starts from the baseline it is compared with. */
    MEAN;

    /** {@code image} with its hidden pixels set to this start; {@code rng} is used by {@link #NOISE} only. */
    public float[] start(float[] image, Mask mask, float[] meanImage, SplittableRandom rng) {
        return switch (this) {
            case NOISE -> mask.fill(image, uniform(image.length, rng));
            case ZEROS -> mask.fill(image, new float[image.length]);
            case MEAN -> mask.fill(image, meanImage);
        };
    }

    private static float[] uniform(int n, SplittableRandom rng) {
        float[] out = new float[n];
        for (int d = 0; d < n; d++) {
            out[d] = (float) rng.nextDouble();
        }
        return out;
    }

    /** The lower-case name used on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InitialState named(String id) {
        for (InitialState s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new InvalidSettingException("initialState", "unknown initial state '" + id
                + "' (known: noise, zeros, mean)");
    }
}
