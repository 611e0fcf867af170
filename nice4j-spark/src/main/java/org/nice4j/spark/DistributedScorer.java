package org.nice4j.spark;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nice4j.InvalidSettingException;
import org.nice4j.data.Examples;
import org.nice4j.data.Rows;
import org.nice4j.io.ModelFile;
import org.nice4j.model.FlowModel;
import org.nice4j.train.Evaluator;
import org.nice4j.train.StreamScorer;

/**
 * Adds a model's log-likelihood of every row to a Spark table, on the executors: each partition rebuilds the model
 * once from the broadcast model file and scores its rows a chunk at a time in batches, as {@link StreamScorer} does
 * on one machine. Pixels get the evaluation noise fixed by each row's index (the row column), so a row scores
 * exactly what {@code score} and {@code eval} give it on one machine.
 */
public final class DistributedScorer {
    /** The column added: log p(x) in nats. */
    public static final String LOG_LIKELIHOOD = FlowModel.LOG_LIKELIHOOD;

    private DistributedScorer() {}

    /**
     * Numbers the rows 0, 1, … in the table's order (for a file: its order) in a new long column, the index that
     * fixes each image's evaluation noise.
     */
    public static Dataset<Row> withRowIndex(Dataset<Row> data, String column) {
        StructType schema = data.schema().add(column, DataTypes.LongType, false);
        return data.sparkSession().createDataFrame(data.javaRDD().zipWithIndex().map(pair -> {
            Object[] values = new Object[pair._1().size() + 1];
            for (int i = 0; i < pair._1().size(); i++) {
                values[i] = pair._1().get(i);
            }
            values[values.length - 1] = pair._2();
            return RowFactory.create(values);
        }), schema);
    }

    /**
     * {@code data} with a {@value #LOG_LIKELIHOOD} column added (lazily, like any Spark transformation).
     *
     * @param modelFile      a model file readable on the driver; executors get it by broadcast
     * @param featuresColumn the model's input: {@code binary} pixels for an image model, {@code array<float>} or
     *                       {@code array<double>} for a table model
     * @param rowColumn      a long column with each row's index in its source (see {@link #withRowIndex})
     * @param batchSize      rows per scoring batch
     */
    public static Dataset<Row> score(Dataset<Row> data, Path modelFile, String featuresColumn, String rowColumn,
            int batchSize) {
        if (batchSize < 1) {
            throw new InvalidSettingException("batchSize", "the batch size must be at least 1, got " + batchSize);
        }
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        FeatureColumn features;
        // Loaded here too: a missing, damaged or foreign file fails once, on the driver, with the loader's message.
        try (FlowModel driverCopy = ModelFile.load(modelFile, Device.cpu()).flow()) {
            features = FeatureColumn.of(data.schema(), featuresColumn, null, driverCopy.preprocessing().dataShape());
        }
        FileBroadcast model = FileBroadcast.of(spark, modelFile);
        if (!List.of(data.schema().fieldNames()).contains(rowColumn)
                || !data.schema().apply(rowColumn).dataType().equals(DataTypes.LongType)) {
            throw new InvalidSettingException("rowColumn", "the data has no long column '" + rowColumn
                    + "' numbering its rows (DistributedScorer.withRowIndex adds one)");
        }
        int rowIndex = data.schema().fieldIndex(rowColumn);
        int chunkRows = StreamScorer.chunkRows(batchSize);
        StructType scored = data.schema().add(LOG_LIKELIHOOD, DataTypes.DoubleType, false);
        MapPartitionsFunction<Row, Row> scoring =
                rows -> new ScoredPartition(rows, model, features, rowIndex, chunkRows, batchSize);
        return data.mapPartitions(scoring, Encoders.row(scored));
    }

    /**
     * One partition's rows with their scores, computed a chunk at a time as Spark pulls them. A chunk is a run of
     * consecutive row indices, so that {@link org.nice4j.model.Preprocessing#examples} numbers its noise as the
     * single-machine scorer does.
     */
    private static final class ScoredPartition implements Iterator<Row> {
        private final Iterator<Row> input;
        private final FileBroadcast shipment;
        private final FeatureColumn features;
        private final int rowIndex;
        private final int chunkRows;
        private final int batchSize;
        private FlowModel model;
        private Row pending;
        private List<Row> chunk = List.of();
        private double[] scores;
        private int at;

        ScoredPartition(Iterator<Row> input, FileBroadcast shipment, FeatureColumn features, int rowIndex,
                int chunkRows, int batchSize) {
            this.input = input;
            this.shipment = shipment;
            this.features = features;
            this.rowIndex = rowIndex;
            this.chunkRows = chunkRows;
            this.batchSize = batchSize;
        }

        @Override
        public boolean hasNext() {
            if (at < chunk.size()) {
                return true;
            }
            if (pending == null && !input.hasNext()) {
                return false;
            }
            scoreNextChunk();
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Row row = chunk.get(at);
            Object[] values = new Object[row.size() + 1];
            for (int i = 0; i < row.size(); i++) {
                values[i] = row.get(i);
            }
            values[row.size()] = scores[at++];
            return RowFactory.create(values);
        }

        private void scoreNextChunk() {
            if (model == null) {
                model = TaskEngine.load(shipment, ModelFile.Loaded::flow);
            }
            List<Row> rows = new ArrayList<>();
            Row first = pending != null ? pending : input.next();
            pending = null;
            rows.add(first);
            long firstIndex = first.getLong(rowIndex);
            while (rows.size() < chunkRows && input.hasNext()) {
                Row row = input.next();
                if (row.getLong(rowIndex) != firstIndex + rows.size()) {
                    pending = row;
                    break;
                }
                rows.add(row);
            }
            Rows chunkRows = features.rows(rows, firstIndex, shipment.name());
            Examples examples = model.preprocessing().examples(chunkRows, firstIndex);
            scores = Evaluator.logLikelihoods(model, examples, batchSize);
            chunk = rows;
            at = 0;
        }
    }
}
