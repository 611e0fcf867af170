package org.nice4j.io;

import java.util.Arrays;
import org.nice4j.NiceException;

/**
 * A float32 tensor held in plain Java memory, so the file format needs no native engine. The data is row-major and
 * shared, not copied: model files reach tens of megabytes and a second copy per read or write would double peak
 * memory. The shape is small and is copied, so a caller cannot change it behind the record's back.
 *
 * <p>Equality compares shape and values with {@link Arrays#equals(float[], float[])}, which treats every NaN as equal
 * to every NaN and {@code -0.0f} as different from {@code 0.0f}.
 *
 * @param shape the dimensions, each non-negative; {@code []} is a scalar holding one value
 * @param data the values in row-major order; its length is the product of the dimensions
 */
public record HostTensor(long[] shape, float[] data) {

    public HostTensor {
        if (shape == null || data == null) {
            throw new NiceException("tensor shape and data must both be given");
        }
        shape = shape.clone();
        long count = elementCount(shape);
        if (count != data.length) {
            throw new NiceException("tensor shape " + Arrays.toString(shape) + " holds " + describe(count)
                    + " values, but the data has " + data.length);
        }
    }

    /** Returns a copy of the shape, for the same reason the constructor copies it. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The number of dimensions; 0 for a scalar. */
    public int rank() {
        return shape.length;
    }

    /**
     * The number of values a shape holds, or {@link Long#MAX_VALUE} if that overflows a {@code long}.
     *
     * @throws NiceException if a dimension is negative
     */
    static long elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new NiceException("tensor shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            count = multiplyOrMax(count, dim);
        }
        return count;
    }

    private static long multiplyOrMax(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high == 0 && low >= 0 ? low : Long.MAX_VALUE;
    }

    private static String describe(long count) {
        return count == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : Long.toString(count);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostTensor that && Arrays.equals(shape, that.shape) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    /** Names the shape only: printing millions of values into a log or an error message helps nobody. */
    @Override
    public String toString() {
        return "HostTensor" + Arrays.toString(shape) + " (" + data.length + " values)";
    }
}
