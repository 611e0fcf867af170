package org.nice4j.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.nice4j.Choice;

/**
 * The interval dequantized pixels fill. The NICE paper scales MNIST to [0, 1] and CIFAR-10 to [−1, 1]; the choice
 * changes the density by a constant factor per dimension, which bits per dimension takes out again.
 */
public enum PixelRange implements Choice {
    /** x = (level + u) / levels, in [0, 1]. */
    UNIT(0, 1),
    /** x = 2 (level + u) / levels − 1, in [−1, 1]: (pixel + u)/128 − 1 for 256 levels. */
    SYMMETRIC(-1, 2);

    private final double low;
    private final double span;

    PixelRange(double low, double span) {
        this.low = low;
        this.span = span;
    }

    @JsonCreator
    public static PixelRange parse(String id) {
        return Choice.parse(PixelRange.class, id, "range");
    }

    /** The lower end of the interval. */
    public double low() {
        return low;
    }

    /** The interval's length. */
    public double span() {
        return span;
    }

    /** A value of this range mapped linearly to [0, 1], as pictures show it. */
    public float toUnit(float x) {
        return (float) ((x - low) / span);
    }
}
