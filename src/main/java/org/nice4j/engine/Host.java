package org.nice4j.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Moves host data into engine-owned memory. DJL's {@code NDManager.create} wraps a Java direct buffer without
 * copying it (torch::from_blob); any tensor that aliases that memory (a view, a saved tensor of the autograd graph,
 * {@code toDevice} to the same device) is left dangling once the wrapper is closed and the buffer is collected,
 * which corrupts the native heap at random. Every host-to-engine transfer in nice4j goes through here instead.
 *
 * <p>For a Java array DJL would also allocate a fresh direct buffer per call, whose native memory is released only
 * when the garbage collector gets to it, hundreds of times a training step. Data is therefore staged in one direct
 * buffer per thread, reused for every transfer: the engine copies out of it before the call returns.
 */
public final class Host {
    private static final ThreadLocal<ByteBuffer> STAGING = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(0));

    private Host() {}

    /** A float array of the given shape, in memory the engine owns. */
    public static NDArray array(NDManager manager, float[] data, Shape shape) {
        ByteBuffer staged = staging(data.length * Float.BYTES);
        staged.asFloatBuffer().put(data);
        return copyIn(manager, staged, shape, DataType.FLOAT32);
    }

    /** Rows of equal length as an (n, d) array in memory the engine owns. */
    public static NDArray matrix(NDManager manager, float[][] rows) {
        int d = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + d);
            }
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return array(manager, flat, new Shape(rows.length, d));
    }

    /** A boolean array of the given shape, in memory the engine owns. */
    public static NDArray flags(NDManager manager, boolean[] data, Shape shape) {
        ByteBuffer staged = staging(data.length);
        for (boolean b : data) {
            staged.put((byte) (b ? 1 : 0));
        }
        return copyIn(manager, staged.rewind(), shape, DataType.BOOLEAN);
    }

    /**
     * x · c for arrays on the autograd tape. DJL's {@code mul(Number)} wraps c in borrowed memory, closes it, and
     * the backward pass later reads c from memory that may have been collected in between (random NaN gradients);
     * here c lives in engine-owned memory that the tape keeps alive.
     */
    public static NDArray times(NDArray x, double c) {
        try (NDArray scalar = scalar(x.getManager(), c)) {
            return x.mul(scalar);
        }
    }

    /** x + c, with c in engine-owned memory: DJL's {@code add(Number)} leaves a direct buffer for the collector. */
    public static NDArray plus(NDArray x, double c) {
        try (NDArray scalar = scalar(x.getManager(), c)) {
            return x.add(scalar);
        }
    }

    /** c as a float scalar array, in memory the engine owns (filled by the engine: no transfer at all). */
    public static NDArray scalar(NDManager manager, double c) {
        return manager.full(new Shape(), (float) c, DataType.FLOAT32);
    }

    /** An int index vector in memory the engine owns (the autograd graph keeps indices until backward). */
    public static NDArray indices(NDManager manager, int[] indices) {
        ByteBuffer staged = staging(indices.length * Integer.BYTES);
        staged.asIntBuffer().put(indices);
        return copyIn(manager, staged, new Shape(indices.length), DataType.INT32);
    }

    /** This thread's staging buffer, grown if needed, as a native-order buffer of exactly {@code bytes}. */
    private static ByteBuffer staging(int bytes) {
        ByteBuffer buffer = STAGING.get();
        if (buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(Math.max(bytes, 2 * buffer.capacity()));
            STAGING.set(buffer);
        }
        return buffer.duplicate().clear().limit(bytes).slice().order(ByteOrder.nativeOrder());
    }

    /** The staged bytes wrapped as an engine array, copied into memory the engine owns before the wrapper closes. */
    private static NDArray copyIn(NDManager manager, ByteBuffer staged, Shape shape, DataType type) {
        try (NDArray borrowed = manager.create(staged, shape, type)) {
            return borrowed.duplicate();
        }
    }

    /** Splits a (n, D) array into host rows. */
    public static float[][] rows(NDArray batch) {
        int n = Math.toIntExact(batch.getShape().get(0));
        int d = Math.toIntExact(batch.getShape().get(1));
        float[] flat = batch.toFloatArray();
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }
}
