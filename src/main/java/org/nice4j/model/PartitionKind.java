package org.nice4j.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.nice4j.Choice;
import org.nice4j.transform.Partition;

/** How a flat layout splits the coordinates between the two halves of its couplings. */
public enum PartitionKind implements Choice {
    /** Alternate coordinates (the NICE reference code's "tile"). */
    ODD_EVEN,
    /** The first and second half of the coordinates. */
    HALVES;

    @JsonCreator
    public static PartitionKind parse(String id) {
        return Choice.parse(PartitionKind.class, id, "partition");
    }

    /** The partition of {@code dimension} coordinates whose key part is part {@code parity} (0 or 1). */
    public Partition of(int dimension, int parity) {
        return this == ODD_EVEN ? Partition.oddEven(dimension, parity) : Partition.halves(dimension, parity);
    }

}
