package org.nice4j.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Moves host data into engine-owned memory. DJL's {@code NDManager.create} wraps a Java direct buffer without
 * copying it (torch::from_blob); any tensor that aliases that memory (a view, a saved tensor of the autograd graph,
 * {@code toDevice} to the same device) is left dangling once the wrapper is closed and the buffer is collected,
 * which corrupts the native heap at random. Every host-to-engine transfer in nice4j goes through here instead.
 */
public final class Host {
    private Host() {}

    /** A float array of the given shape, in memory the engine owns. */
    public static NDArray array(NDManager manager, float[] data, Shape shape) {
        try (NDArray borrowed = manager.create(data, shape)) {
            return borrowed.duplicate();
        }
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
        try (NDArray borrowed = manager.create(data, shape)) {
            return borrowed.duplicate();
        }
    }

    /**
     * x · c for arrays on the autograd tape. DJL's {@code mul(Number)} wraps c in borrowed memory, closes it, and
     * the backward pass later reads c from memory that may have been collected in between (random NaN gradients);
     * here c lives in engine-owned memory that the tape keeps alive.
     */
    public static NDArray times(NDArray x, double c) {
        try (NDArray scalar = array(x.getManager(), new float[] {(float) c}, new Shape())) {
            return x.mul(scalar);
        }
    }

    /** An int index vector in memory the engine owns (the autograd graph keeps indices until backward). */
    public static NDArray indices(NDManager manager, int[] indices) {
        try (NDArray borrowed = manager.create(indices)) {
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
