package org.nice4j.model;

import java.util.List;
import org.nice4j.ImageShape;
import org.nice4j.InvalidSettingException;
import org.nice4j.transform.Squeeze;

/**
 * One step of a staged image flow, so that an architecture like GIN's for EMNIST (appendix D, Table 3: squeeze, conv
 * blocks, squeeze, conv blocks, flatten, fully connected blocks) is data in a preset rather than code. A block is a
 * random but fixed permutation (of channels for conv blocks, of coordinates for fully connected ones) followed by
 * two couplings, each half conditioning the other. Rows are flat throughout, so flattening needs no stage of its own.
 *
 * @param type   "squeeze" ((C, H, W) → (4C, H/2, W/2)), "conv-blocks" (3×3 conv coupling networks, split along
 *               channels) or "fc-blocks" (MLP coupling networks, split into coordinate halves)
 * @param blocks number of coupling blocks; 0 (absent) for a squeeze
 * @param hidden widths of the coupling networks' hidden layers, channels for conv blocks and units for fully
 *               connected ones (all equal there); null to use the model's {@code network} widths
 */
public record Stage(String type, int blocks, List<Integer> hidden) {
    static final String SQUEEZE = "squeeze";
    static final String CONV = "conv-blocks";
    static final String FC = "fc-blocks";
    static final List<String> TYPES = List.of(SQUEEZE, CONV, FC);

    public Stage {
        if (!TYPES.contains(type)) {
            throw new InvalidSettingException("stages", "unknown stage '" + type + "' (known: " + String.join(", ", TYPES) + ")");
        }
        if (type.equals(SQUEEZE) && (blocks != 0 || hidden != null)) {
            throw new InvalidSettingException("stages", "a squeeze stage takes no blocks or hidden widths");
        }
        if (!type.equals(SQUEEZE) && blocks < 1) {
            throw new InvalidSettingException("stages", "a " + type + " stage needs blocks >= 1, got " + blocks);
        }
        if (hidden != null && hidden.stream().anyMatch(h -> h == null || h < 1)) {
            throw new InvalidSettingException("stages", "a " + type + " stage needs positive hidden widths, got " + hidden);
        }
        if (type.equals(FC) && hidden != null && hidden.stream().distinct().count() > 1) {
            throw new InvalidSettingException("stages", "an fc-blocks stage needs equal hidden widths, got " + hidden);
        }
        hidden = hidden == null ? null : List.copyOf(hidden);
    }

    /** The image shape this stage hands on, failing with a usage error when it cannot take {@code in}. */
    ImageShape after(ImageShape in) {
        if (type.equals(SQUEEZE)) {
            return new Squeeze(in).outputShape();
        }
        if (type.equals(CONV) && in.channels() < 2) {
            throw new InvalidSettingException("stages", "a conv-blocks stage splits channels, so it needs at least 2, got image shape "
                    + in + " (squeeze first)");
        }
        return in;
    }

    /** The hidden widths of this stage's coupling networks, the model's {@code network} ones when unset. */
    public int[] widths(NetworkConfig defaults) {
        if (hidden != null) {
            return hidden.stream().mapToInt(Integer::intValue).toArray();
        }
        int[] w = new int[defaults.depth()];
        java.util.Arrays.fill(w, defaults.hidden());
        return w;
    }
}
