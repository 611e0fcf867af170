package org.nice4j.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.nice4j.Engines;

class PartitionTest {
    private static final NDManager manager = Engines.shared();

    @Test
    void oddEvenIsTheReferenceTile() {
        assertArrayEquals(new int[] {0, 2, 4}, Partition.oddEven(6, 0).keyIndices());
        assertArrayEquals(new int[] {1, 3, 5}, Partition.oddEven(6, 0).messageIndices());
        assertArrayEquals(new int[] {1, 3}, Partition.oddEven(5, 1).keyIndices());
    }

    @Test
    void halvesSplitFirstAndSecond() {
        assertArrayEquals(new int[] {0, 1, 2}, Partition.halves(5, 0).keyIndices());
        assertArrayEquals(new int[] {3, 4}, Partition.halves(5, 1).keyIndices());
    }

    @Test
    void splitAndMergeRoundTripForEveryKind() {
        NDArray x = manager.arange(0f, 14f).reshape(2, 7);
        for (Partition p : new Partition[] {Partition.oddEven(7, 0), Partition.oddEven(7, 1), Partition.halves(7, 0),
                Partition.halves(7, 1), Partition.of(7, 6, 0, 3)}) {
            NDArray key = p.key(x);
            assertArrayEquals(new float[] {p.keyIndices()[0], p.keyIndices()[1]},
                    new float[] {key.getFloat(0, 0), key.getFloat(0, 1)});
            assertArrayEquals(x.toFloatArray(), p.merge(key, p.message(x)).toFloatArray());
        }
    }

    @Test
    void rejectsBadIndexSets() {
        assertThrows(IllegalArgumentException.class, () -> Partition.of(4, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Partition.of(4, 4));
        assertThrows(IllegalArgumentException.class, () -> Partition.of(4));
        assertThrows(IllegalArgumentException.class, () -> Partition.of(2, 0, 1));
    }
}
