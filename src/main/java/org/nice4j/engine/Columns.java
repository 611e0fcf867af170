package org.nice4j.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/** Column selection on (batch, d) arrays, for permutations and partitions of coordinates. */
public final class Columns {
    private Columns() {}

    /** The columns of {@code x} in the order given: column i of the result is column {@code columns[i]} of x. */
    public static NDArray gather(NDArray x, int[] columns) {
        // The index lives in engine memory (Host.indices) because the autograd graph keeps it until backward.
        try (NDArray index = Host.indices(x.getManager(), columns)) {
            return x.get(new NDIndex(":, {}", index));
        }
    }
}
