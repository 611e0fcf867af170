package org.nice4j.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.nice4j.InvalidSettingException;
import org.nice4j.nn.Init;
/**
 * The coupling network m: {@code depth} hidden ReLU layers of {@code hidden} units and a linear output.
 *
 * @param init      how the weights are drawn (see {@link Init})
 * @param zeroLast  zero the output layer so each coupling starts as the identity
 * @param widthPerDimension when positive, a flat layout's layers are max(hidden, widthPerDimension · D) wide, so one
 *                  preset serves tables of any width; 0 (absent from the JSON) for {@code hidden} units always
 */
public record NetworkConfig(int hidden, int depth, Init init, double initScale, boolean zeroLast,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int widthPerDimension) {
    public NetworkConfig {
        if (hidden < 1 || depth < 0) {
            throw new InvalidSettingException("network", "coupling network needs hidden >= 1 and depth >= 0, got hidden="
                    + hidden + " depth=" + depth);
        }
        if (init == null) {
            throw new InvalidSettingException("init", "a coupling network needs an initialisation");
        }
        if (widthPerDimension < 0) {
            throw new InvalidSettingException("network", "the width per input dimension must be >= 0 (0 for a fixed"
                    + " width), got " + widthPerDimension);
        }
    }

    /** A network of fixed width. */
    public NetworkConfig(int hidden, int depth, Init init, double initScale, boolean zeroLast) {
        this(hidden, depth, init, initScale, zeroLast, 0);
    }

    /** The width of the hidden layers for rows of {@code dimension} values. */
    public int widthFor(int dimension) {
        return Math.max(hidden, widthPerDimension * dimension);
    }
}
