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
 * @param type   what the stage does (see {@link StageKind})
 * @param blocks number of coupling blocks; 0 (absent) for a squeeze
 * @param hidden widths of the coupling networks' hidden layers, channels for conv blocks and units for fully
 *               connected ones (all equal there); null to use the model's {@code network} widths
 */
public record Stage(StageKind type, int blocks, List<Integer> hidden) {

    public Stage {
        if (type == null) {
            throw new InvalidSettingException("stages", "a stage needs a type");
        }
        if (type == StageKind.SQUEEZE && (blocks != 0 || hidden != null)) {
            throw new InvalidSettingException("stages", "a squeeze stage takes no blocks or hidden widths");
        }
        if (type != StageKind.SQUEEZE && blocks < 1) {
            throw new InvalidSettingException("stages", "a " + type.id() + " stage needs blocks >= 1, got " + blocks);
        }
        if (hidden != null && hidden.stream().anyMatch(h -> h == null || h < 1)) {
            throw new InvalidSettingException("stages", "a " + type.id() + " stage needs positive hidden widths, got " + hidden);
        }
        if (type == StageKind.FC_BLOCKS && hidden != null && hidden.stream().distinct().count() > 1) {
            throw new InvalidSettingException("stages", "an fc-blocks stage needs equal hidden widths, got " + hidden);
        }
        hidden = hidden == null ? null : List.copyOf(hidden);
    }

    /** The image shape this stage hands on, failing with a usage error when it cannot take {@code in}. */
    ImageShape after(ImageShape in) {
        if (type == StageKind.SQUEEZE) {
            return new Squeeze(in).outputShape();
        }
        if (type == StageKind.CONV_BLOCKS && in.channels() < 2) {
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
