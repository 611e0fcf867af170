package org.nice4j.data;

import java.util.SplittableRandom;

/** Real-valued examples used as they are (toy densities, features): no dequantization. */
public final class ContinuousExamples implements Examples {
    private final float[] values;
    private final int dimension;

    /** @param values row-major (n × dimension) */
    public ContinuousExamples(float[] values, int dimension) {
        if (dimension < 1 || values.length % dimension != 0) {
            throw new IllegalArgumentException(values.length + " values do not form rows of " + dimension);
        }
        this.values = values;
        this.dimension = dimension;
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
}
