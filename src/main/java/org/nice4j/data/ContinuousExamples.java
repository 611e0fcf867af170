package org.nice4j.data;

import java.util.SplittableRandom;

/** Real-valued examples used as they are (toy densities, features): no dequantization; optionally labelled. */
public final class ContinuousExamples implements Examples {
    private final float[] values;
    private final int dimension;
    private final int[] labels; // null when unlabelled

    /** @param values row-major (n × dimension) */
    public ContinuousExamples(float[] values, int dimension) {
        this(values, dimension, null);
    }

    /** @param labels one class label per row, or null */
    public ContinuousExamples(float[] values, int dimension, int[] labels) {
        if (dimension < 1 || values.length % dimension != 0) {
            throw new IllegalArgumentException(values.length + " values do not form rows of " + dimension);
        }
        if (labels != null && labels.length != values.length / dimension) {
            throw new IllegalArgumentException(labels.length + " labels for " + values.length / dimension + " rows");
        }
        this.values = values;
        this.dimension = dimension;
        this.labels = labels;
    }

    /** Host rows (n × D), for example {@code GinToyData.observed()}. */
    public static ContinuousExamples ofRows(float[][] rows, int[] labels) {
        int d = rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return new ContinuousExamples(flat, d, labels);
    }

    @Override
    public int size() {
        return values.length / dimension;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] batch(int[] indices, SplittableRandom noise) {
        return evaluationBatch(indices);
    }

    @Override
    public float[] evaluationBatch(int[] indices) {
        float[] out = new float[indices.length * dimension];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(values, indices[i] * dimension, out, i * dimension, dimension);
        }
        return out;
    }

    @Override
    public boolean labelled() {
        return labels != null;
    }

    @Override
    public int[] labels(int[] indices) {
        if (labels == null) {
            return Examples.super.labels(indices);
        }
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = labels[indices[i]];
        }
        return out;
    }
}
