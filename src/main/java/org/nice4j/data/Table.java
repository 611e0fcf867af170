package org.nice4j.data;

import java.util.Arrays;
import java.util.Objects;
import org.nice4j.NiceException;

/**
 * Rows of real values (a CSV file's numeric columns, a float array), with optional integer class labels. Like
 * {@link ImageDataset} it shares its arrays rather than copying them: treat them as read-only.
 *
 * @param name      the source's name, for messages
 * @param dimension values per row
 * @param values    row-major {@code size() * dimension} values
 * @param labels    one label per row, or {@code null}
 */
public record Table(String name, int dimension, float[] values, int[] labels) implements Rows {

    public Table {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(values, "values");
        if (dimension < 1 || values.length % dimension != 0) {
            throw new IllegalArgumentException(name + ": " + values.length + " values do not form rows of "
                    + dimension);
        }
        if (labels != null && labels.length != values.length / dimension) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for "
                    + values.length / dimension + " rows");
        }
    }

    @Override
    public int size() {
        return values.length / dimension;
    }

    @Override
    public DataShape dataShape() {
        return DataShape.table(dimension);
    }

    @Override
    public boolean hasLabels() {
        return labels != null;
    }

    @Override
    public int label(int i) {
        if (labels == null) {
            throw new NiceException("'" + name + "' has no labels");
        }
        return labels[i];
    }

    @Override
    public Table select(int[] indices) {
        float[] chosen = new float[indices.length * dimension];
        int[] chosenLabels = labels == null ? null : new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(values, Objects.checkIndex(indices[i], size()) * dimension, chosen, i * dimension,
                    dimension);
            if (labels != null) {
                chosenLabels[i] = labels[indices[i]];
            }
        }
        return new Table(name, dimension, chosen, chosenLabels);
    }

    @Override
    public Table limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + n);
        }
        int kept = Math.min(n, size());
        return new Table(name, dimension, Arrays.copyOf(values, kept * dimension),
                labels == null ? null : Arrays.copyOf(labels, kept));
    }

    /** The rows as model input, used as they are. */
    public ContinuousExamples examples() {
        return new ContinuousExamples(values, dimension, labels);
    }
}
