package org.nice4j.model;

import org.nice4j.InvalidSettingException;
import org.nice4j.nn.Init;
/**
 * The coupling network m: {@code depth} hidden ReLU layers of {@code hidden} units and a linear output.
 *
 * @param init      how the weights are drawn (see {@link Init})
 * @param zeroLast  zero the output layer so each coupling starts as the identity
 */
public record NetworkConfig(int hidden, int depth, Init init, double initScale, boolean zeroLast) {
    public NetworkConfig {
        if (hidden < 1 || depth < 0) {
            throw new InvalidSettingException("network", "coupling network needs hidden >= 1 and depth >= 0, got hidden="
                    + hidden + " depth=" + depth);
        }
        if (init == null) {
            throw new InvalidSettingException("init", "a coupling network needs an initialisation");
        }
    }
}
