package org.nice4j.spark;

import ai.djl.Device;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nice4j.InvalidSettingException;
import org.nice4j.Seeds;
import org.nice4j.data.Condition;
import org.nice4j.io.ModelFile;
import org.nice4j.model.DensityModel;

/**
 * Draws samples from a model on the executors: the rows 0..n−1 fall into chunks of {@code chunkRows} consecutive
 * rows, and chunk c is {@link DensityModel#sample} of its rows with the seed {@code Seeds.mix(seed, c)}. A row's
 * values therefore depend on the seed and its number only, not on how many partitions or executors drew them, and
 * any chunk can be redrawn on one machine. Each partition rebuilds the model once from the broadcast model file.
 */
public final class DistributedSampler {
    /** The column numbering the samples. */
    public static final String SAMPLE = "sample";
    /** The column of sampled model input (pixel intensities for an image model, as {@code nice4j sample} writes). */
    public static final String FEATURES = RowsTable.FEATURES;
    /** The default rows per chunk: one engine call draws them. */
    public static final int CHUNK_ROWS = 1000;

    private DistributedSampler() {}

    /** The settings of a draw, checked on the driver. */
    public record Request(long n, double temperature, long seed, Integer label, int chunkRows)
            implements Serializable {
        public Request {
            if (n < 1) {
                throw new InvalidSettingException("n", "the number of samples must be at least 1, got " + n);
            }
            if (!(temperature > 0) || Double.isInfinite(temperature)) {
                throw new InvalidSettingException("temperature", "the temperature must be positive, got "
                        + temperature);
            }
            if (chunkRows < 1) {
                throw new InvalidSettingException("chunkRows", "the rows per chunk must be at least 1, got "
                        + chunkRows);
            }
        }

        /** n samples at the given temperature and seed from the model's own mixture of classes, in default chunks. */
        public static Request of(long n, double temperature, long seed) {
            return new Request(n, temperature, seed, null, CHUNK_ROWS);
        }

        long chunks() {
            return (n + chunkRows - 1) / chunkRows;
        }

        int rowsOf(long chunk) {
            return (int) Math.min(chunkRows, n - chunk * chunkRows);
        }
    }

    /**
     * A table of {@code request.n()} samples (lazily, like any Spark transformation): a long {@value #SAMPLE} column
     * and an {@code array<float>} {@value #FEATURES} column.
     *
     * @param modelFile  a model file readable on the driver; executors get it by broadcast
     * @param partitions how many tasks draw the chunks
     */
    public static Dataset<Row> sample(SparkSession spark, Path modelFile, Request request, int partitions) {
        if (partitions < 1) {
            throw new InvalidSettingException("partitions", "the partitions must be at least 1, got " + partitions);
        }
        // Loaded here too: a missing, damaged or foreign file, or a class the model lacks, fails once on the driver.
        try (DensityModel driverCopy = ModelFile.load(modelFile, Device.cpu()).model()) {
            condition(driverCopy, request, 1);
        }
        FileBroadcast model = FileBroadcast.of(JavaSparkContext.fromSparkContext(spark.sparkContext()), modelFile);
        StructType schema = new StructType().add(SAMPLE, DataTypes.LongType, false)
                .add(FEATURES, DataTypes.createArrayType(DataTypes.FloatType, false), false);
        MapPartitionsFunction<Long, Row> drawing = chunks -> new SampledPartition(chunks, model, request);
        return spark.range(0, request.chunks(), 1, (int) Math.min(partitions, request.chunks()))
                .mapPartitions(drawing, Encoders.row(schema));
    }

    /** The condition of {@code rows} samples: one class for all, or none (the model's mixture). */
    private static Condition condition(DensityModel model, Request request, int rows) {
        if (request.label() == null) {
            return Condition.NONE;
        }
        if (model.classes() == 0) {
            throw new InvalidSettingException("label", "the model is not class-conditional: it has no class "
                    + request.label());
        }
        if (request.label() < 0 || request.label() >= model.classes()) {
            throw new InvalidSettingException("label", "class " + request.label() + " is outside 0.."
                    + (model.classes() - 1));
        }
        return Condition.repeated(request.label(), rows);
    }

    /** One partition's chunks, drawn one at a time as Spark pulls the rows. */
    private static final class SampledPartition implements Iterator<Row> {
        private final Iterator<Long> chunks;
        private final FileBroadcast shipment;
        private final Request request;
        private DensityModel model;
        private long firstRow;
        private float[][] rows = new float[0][];
        private int at;

        SampledPartition(Iterator<Long> chunks, FileBroadcast shipment, Request request) {
            this.chunks = chunks;
            this.shipment = shipment;
            this.request = request;
        }

        @Override
        public boolean hasNext() {
            if (at < rows.length) {
                return true;
            }
            if (!chunks.hasNext()) {
                return false;
            }
            draw(chunks.next());
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            float[] values = rows[at];
            return RowFactory.create(firstRow + at++, RowsTable.floats(values, 0, values.length));
        }

        private void draw(long chunk) {
            if (model == null) {
                model = TaskEngine.load(shipment, ModelFile.Loaded::model);
            }
            int n = request.rowsOf(chunk);
            rows = model.sample(n, request.temperature(), Seeds.mix(request.seed(), chunk),
                    condition(model, request, n));
            firstRow = chunk * request.chunkRows();
            at = 0;
        }
    }
}
