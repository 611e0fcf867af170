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

    /**
     * With an even D the odd/even partitions take the paired view (no gather): its parts, single or split, must hold
     * exactly the columns the index sets name, in order, and merge back; other index sets still gather.
     */
    @Test
    void evenDimensionsAgreeWithTheIndexSetsOnEveryPath() {
        int d = 8;
        NDArray x = manager.arange(0f, 3f * d).reshape(3, d);
        for (Partition p : new Partition[] {Partition.oddEven(d, 0), Partition.oddEven(d, 1),
                Partition.of(d, 0, 2, 4, 6), Partition.halves(d, 1), Partition.of(d, 1, 2, 5, 6)}) {
            Partition.Parts parts = p.split(x);
            assertArrayEquals(columns(p.keyIndices(), d), parts.key().toFloatArray());
            assertArrayEquals(columns(p.messageIndices(), d), parts.message().toFloatArray());
            assertArrayEquals(parts.key().toFloatArray(), p.key(x).toFloatArray());
            assertArrayEquals(parts.message().toFloatArray(), p.message(x).toFloatArray());
            assertArrayEquals(x.toFloatArray(), p.merge(parts.key(), parts.message()).toFloatArray());
        }
    }

    /** Rows 0..2 of arange(0, 3d).reshape(3, d), restricted to the given columns. */
    private static float[] columns(int[] indices, int d) {
        float[] out = new float[3 * indices.length];
        for (int row = 0; row < 3; row++) {
            for (int i = 0; i < indices.length; i++) {
                out[row * indices.length + i] = row * d + indices[i];
            }
        }
        return out;
    }

    @Test
    void rejectsBadIndexSets() {
        assertThrows(IllegalArgumentException.class, () -> Partition.of(4, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Partition.of(4, 4));
        assertThrows(IllegalArgumentException.class, () -> Partition.of(4));
        assertThrows(IllegalArgumentException.class, () -> Partition.of(2, 0, 1));
    }
}
