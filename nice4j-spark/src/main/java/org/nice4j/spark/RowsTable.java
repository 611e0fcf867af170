package org.nice4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nice4j.data.ImageDataset;
import org.nice4j.data.Rows;
import org.nice4j.data.Table;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Rows read by nice4j's own readers (on the driver) as a Spark table in the form the distributed jobs read: a
 * {@value #FEATURES} column of binary pixels or float arrays, a {@value #LABEL} int column when the rows have labels,
 * and a {@value #ROW} column numbering them.
 */
public final class RowsTable {
    public static final String FEATURES = "features";
    public static final String LABEL = "label";
    public static final String ROW = "row";

    private RowsTable() {}

    /** {@code rows} in {@code partitions} contiguous slices, in order. */
    public static Dataset<Row> of(SparkSession session, Rows rows, int partitions) {
        boolean image = rows instanceof ImageDataset;
        StructType schema = new StructType().add(ROW, DataTypes.LongType, false).add(FEATURES, image
                ? DataTypes.BinaryType : DataTypes.createArrayType(DataTypes.FloatType, false));
        if (rows.hasLabels()) {
            schema = schema.add(LABEL, DataTypes.IntegerType, false);
        }
        List<Row> list = new ArrayList<>(rows.size());
        int d = rows.dimension();
        for (int i = 0; i < rows.size(); i++) {
            Object features;
            if (rows instanceof ImageDataset images) {
                features = Arrays.copyOfRange(images.pixels(), i * d, (i + 1) * d);
            } else {
                features = floats(((Table) rows).values(), i * d, d);
            }
            list.add(rows.hasLabels() ? RowFactory.create((long) i, features, rows.label(i))
                    : RowFactory.create((long) i, features));
        }
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(session.sparkContext());
        return session.createDataFrame(spark.parallelize(list, partitions), schema);
    }

    /** {@code length} values from {@code from} as an {@code array<float>} cell: Spark's Row encoder takes a Seq. */
    static scala.collection.immutable.Seq<Float> floats(float[] values, int from, int length) {
        List<Float> cell = new ArrayList<>(length);
        for (int j = 0; j < length; j++) {
            cell.add(values[from + j]);
        }
        return CollectionConverters.asScala(cell).toSeq();
    }
}
