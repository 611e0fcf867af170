package org.nice4j.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;
import org.nice4j.data.DataShape;
import org.nice4j.data.ImageDataset;
import org.nice4j.data.Rows;
import org.nice4j.data.Table;

/**
 * The column of a Spark table that holds a model's input, and how its cells become nice4j {@link Rows}: an image
 * model reads a {@code binary} column of pixel bytes (one unsigned byte per pixel and channel, laid out as
 * {@link org.nice4j.ImageShape} says), which Spark stores without boxing; a table model reads an
 * {@code array<float>} or {@code array<double>} column of the row's values.
 */
final class FeatureColumn implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final int index;
    /** The label column's index, or -1 for none. */
    private final int labelIndex;
    private final int dimension;
    /** The image's (channels, height, width), or null for a table model. */
    private final int[] image;

    private FeatureColumn(String name, int index, int labelIndex, DataShape shape) {
        this.name = name;
        this.index = index;
        this.labelIndex = labelIndex;
        this.dimension = shape.dimension();
        this.image = shape.isImage()
                ? new int[] {shape.image().channels(), shape.image().height(), shape.image().width()}
                : null;
    }

    /**
     * Checks that {@code schema} has the column, of the type the model's data takes, and the label column if one
     * is named.
     *
     * @param labelColumn an integer column of class labels (for class-conditional training), or null
     * @throws InvalidSettingException when it has not
     */
    static FeatureColumn of(StructType schema, String name, String labelColumn, DataShape shape) {
        if (!List.of(schema.fieldNames()).contains(name)) {
            throw new InvalidSettingException("featuresColumn", "the data has no column '" + name + "' (its columns: "
                    + String.join(", ", schema.fieldNames()) + ")");
        }
        DataType type = schema.apply(name).dataType();
        boolean fits = shape.isImage() ? type.equals(DataTypes.BinaryType)
                : type instanceof ArrayType array && (array.elementType().equals(DataTypes.FloatType)
                        || array.elementType().equals(DataTypes.DoubleType));
        if (!fits) {
            throw new InvalidSettingException("featuresColumn", "column '" + name + "' is " + type.simpleString()
                    + "; a model of " + shape.describe() + " reads "
                    + (shape.isImage() ? "binary (one byte per pixel)" : "array<float> or array<double>"));
        }
        int labelIndex = -1;
        if (labelColumn != null) {
            if (!List.of(schema.fieldNames()).contains(labelColumn)
                    || !schema.apply(labelColumn).dataType().equals(DataTypes.IntegerType)) {
                throw new InvalidSettingException("labelColumn", "the data has no int column '" + labelColumn + "'");
            }
            labelIndex = schema.fieldIndex(labelColumn);
        }
        return new FeatureColumn(name, schema.fieldIndex(name), labelIndex, shape);
    }

    /**
     * The feature cells of {@code rows} as one chunk of model input.
     *
     * @param firstRow the first row's index in the data, for messages
     * @throws NiceException naming the row when a cell is null or of the wrong width
     */
    Rows rows(List<Row> rows, long firstRow, String source) {
        return image != null ? images(rows, firstRow, source) : table(rows, firstRow, source);
    }

    private ImageDataset images(List<Row> rows, long firstRow, String source) {
        byte[] pixels = new byte[Math.multiplyExact(rows.size(), dimension)];
        for (int i = 0; i < rows.size(); i++) {
            byte[] cell = (byte[]) cell(rows.get(i), firstRow + i, source);
            checkWidth(cell.length, firstRow + i, source, "bytes");
            System.arraycopy(cell, 0, pixels, i * dimension, dimension);
        }
        byte[] labels = null;
        if (labelIndex >= 0) {
            labels = new byte[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                labels[i] = (byte) label(rows.get(i), firstRow + i, source);
            }
        }
        return new ImageDataset(source, image[0], image[1], image[2], pixels, labels);
    }

    private Table table(List<Row> rows, long firstRow, String source) {
        float[] values = new float[Math.multiplyExact(rows.size(), dimension)];
        for (int i = 0; i < rows.size(); i++) {
            List<?> cell = rows.get(i).getList(index);
            if (cell == null) {
                cell(rows.get(i), firstRow + i, source);
            }
            checkWidth(cell.size(), firstRow + i, source, "values");
            for (int j = 0; j < dimension; j++) {
                Object v = cell.get(j);
                if (v == null) {
                    throw new NiceException(source + ": row " + (firstRow + i) + ", column '" + name + "': value "
                            + j + " is null");
                }
                values[i * dimension + j] = ((Number) v).floatValue();
            }
        }
        int[] labels = null;
        if (labelIndex >= 0) {
            labels = new int[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                labels[i] = label(rows.get(i), firstRow + i, source);
            }
        }
        return new Table(source, dimension, values, labels);
    }

    private int label(Row row, long at, String source) {
        if (row.isNullAt(labelIndex)) {
            throw new NiceException(source + ": row " + at + " has no label");
        }
        return row.getInt(labelIndex);
    }

    private Object cell(Row row, long at, String source) {
        if (row.isNullAt(index)) {
            throw new NiceException(source + ": row " + at + ", column '" + name + "' is null");
        }
        return row.get(index);
    }

    private void checkWidth(int width, long at, String source, String unit) {
        if (width != dimension) {
            throw new NiceException(source + ": row " + at + ", column '" + name + "' holds " + width + " " + unit
                    + "; the model takes " + dimension);
        }
    }
}
