package org.nice4j.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.nice4j.Choice;

/** The kinds of {@link Stage} of a staged image flow, spelled in presets and model files as {@link #id()}. */
public enum StageKind implements Choice {
    /** (C, H, W) → (4C, H/2, W/2). */
    SQUEEZE,
    /** Blocks of couplings with 3×3 convolutional networks, split along channels. */
    CONV_BLOCKS,
    /** Blocks of couplings with fully connected networks, split into coordinate halves. */
    FC_BLOCKS;

    @JsonCreator
    public static StageKind parse(String id) {
        return Choice.parse(StageKind.class, id, "stages");
    }

}
