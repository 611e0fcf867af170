package org.nice4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nice4j.NiceException;

class HostTensorTest {

    @Test
    void scalarHoldsOneValue() {
        HostTensor scalar = new HostTensor(new long[0], new float[] {2.5f});
        assertEquals(0, scalar.rank());
    }

    @Test
    void dataMustMatchShape() {
        NiceException e = assertThrows(NiceException.class, () -> new HostTensor(new long[] {2, 3}, new float[5]));
        assertEquals("tensor shape [2, 3] holds 6 values, but the data has 5", e.getMessage());
    }

    @Test
    void negativeDimensionIsRefused() {
        NiceException e = assertThrows(NiceException.class, () -> new HostTensor(new long[] {-1, -1}, new float[1]));
        assertTrue(e.getMessage().contains("negative dimension"), e.getMessage());
    }

    @Test
    void overflowingShapeIsRefused() {
        NiceException e = assertThrows(NiceException.class,
                () -> new HostTensor(new long[] {Long.MAX_VALUE, 4}, new float[0]));
        assertTrue(e.getMessage().contains("more than"), e.getMessage());
    }

    @Test
    void shapeCannotBeChangedFromOutside() {
        long[] shape = {2};
        HostTensor tensor = new HostTensor(shape, new float[2]);
        shape[0] = 7;
        tensor.shape()[0] = 9;
        assertEquals(2, tensor.shape()[0]);
    }

    @Test
    void equalityIsByContent() {
        HostTensor a = new HostTensor(new long[] {2}, new float[] {1, Float.NaN});
        HostTensor b = new HostTensor(new long[] {2}, new float[] {1, Float.NaN});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new HostTensor(new long[] {2, 1}, new float[] {1, Float.NaN}));
        assertNotEquals(new HostTensor(new long[0], new float[] {0f}), new HostTensor(new long[0], new float[] {-0f}));
    }
}
