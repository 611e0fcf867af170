package org.nice4j.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * How raw data becomes model input. For images of {@code levels} grey levels the paper's dequantization applies:
 * x = (pixel + u)/levels, u ~ U(0, 1), so x lies in [0, 1]. {@code levels == 0} marks continuous data that is
 * used as it is (toy densities).
 *
 * @param height image height (1 for non-image data)
 * @param width  image width (D for non-image data)
 */
public record Preprocessing(int levels, int height, int width) {
    public Preprocessing {
        if (levels < 0 || height < 1 || width < 1) {
            throw new IllegalArgumentException("bad preprocessing: levels=" + levels + " " + height + "x" + width);
        }
    }

    public static Preprocessing images(int height, int width) {
        return new Preprocessing(256, height, width);
    }

    public static Preprocessing continuous(int dimension) {
        return new Preprocessing(0, 1, dimension);
    }

    @JsonIgnore
    public int dimension() {
        return height * width;
    }

    @JsonIgnore
    public boolean isImage() {
        return levels > 0;
    }

    /**
     * Converts a mean log-density of dequantized data in nats to bits per dimension of the discrete data:
     * (−LL/D + ln levels)/ln 2, the scale used by later flow papers.
     */
    public double bitsPerDim(double meanLogLikelihood) {
        return (-meanLogLikelihood / dimension() + Math.log(levels)) / Math.log(2);
    }
}
