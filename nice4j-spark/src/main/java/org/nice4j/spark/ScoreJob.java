package org.nice4j.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;
import org.nice4j.data.DataFiles;
import org.nice4j.data.Rows;
import org.nice4j.train.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Log-likelihood of every row of a Parquet or CSV table under a model, on the cluster: writes "
                + "the table without its features column, plus " + DistributedScorer.LOG_LIKELIHOOD + ".",
                "Parquet: an image model reads a binary column of pixel bytes, a table model an array<float> or "
                        + "array<double> column (--features). CSV (with a header): every numeric column but "
                        + "--label-column is a feature, as `nice4j score` reads it. Rows are numbered in file order "
                        + "unless the table has the --row-column; a row's number fixes its dequantization noise, so "
                        + "the scores equal `nice4j score`'s."})
final class ScoreJob implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "A model file, readable on the driver (it is broadcast to the executors).")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "A .csv file, Parquet (a file or folder, local or a Hadoop URI), or a file nice4j reads "
                    + "itself (an IDX folder's test file, .npy, a folder of PNG images: read on the driver).")
    String input;

    @Option(names = "--output", required = true, paramLabel = "PATH",
            description = "Where to write the scored table: a name ending in .csv writes CSV, anything else Parquet.")
    String output;

    @Option(names = "--features", defaultValue = "features", paramLabel = "COLUMN",
            description = "Parquet: the column holding the model's input (default: ${DEFAULT-VALUE}).")
    String features;

    @Option(names = "--label-column", paramLabel = "NAME", description = "CSV: a column of labels, kept, not scored.")
    String labelColumn;

    @Option(names = "--row-column", defaultValue = "row", paramLabel = "NAME",
            description = "The column numbering the rows; added in file order when missing "
                    + "(default: ${DEFAULT-VALUE}).")
    String rowColumn;

    @Option(names = "--batch", defaultValue = "" + Evaluator.BATCH,
            description = "Rows per scoring batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        try (Sessions.Opened session = Sessions.open("nice4j score", cluster.master)) {
            SparkSession spark = session.spark();
            Dataset<Row> table = read(spark);
            if (!Arrays.asList(table.columns()).contains(rowColumn)) {
                table = DistributedScorer.withRowIndex(table, rowColumn);
            }
            Dataset<Row> scored = DistributedScorer.score(table, model, features, rowColumn, batch).drop(features);
            Dataset<Row> written;
            long started = System.nanoTime();
            if (output.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                scored.write().option("header", "true").csv(output);
                written = spark.read().option("header", "true").option("inferSchema", "true").csv(output);
            } else {
                scored.write().parquet(output);
                written = spark.read().parquet(output);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Row summary = written.agg(count(DistributedScorer.LOG_LIKELIHOOD), avg(DistributedScorer.LOG_LIKELIHOOD))
                    .first();
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "scored %,d rows of %s into %s in %.1f s (%.0f rows/s): mean log-likelihood %.3f"
                    + " nats%n", summary.getLong(0), input, output, seconds, summary.getLong(0) / seconds,
                    summary.isNullAt(1) ? Double.NaN : summary.getDouble(1));
            return 0;
        }
    }

    /** The input as a table: CSV and Parquet read by Spark, anything else by nice4j's readers on the driver. */
    private Dataset<Row> read(SparkSession spark) {
        String name = input.toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return csvFeatures(spark);
        }
        Path local = Path.of(input);
        if (name.endsWith(".parquet") || !Files.exists(local) || isParquetFolder(local)) {
            return spark.read().parquet(input);
        }
        Rows rows = DataFiles.read(local, null).rows();
        return RowsTable.of(spark, rows, spark.sparkContext().defaultParallelism());
    }

    private static boolean isParquetFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet"));
        } catch (IOException e) {
            throw new NiceException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A CSV file's numeric columns (all but the label and row columns, which are kept) gathered into one
     * array<float> features column.
     */
    private Dataset<Row> csvFeatures(SparkSession spark) {
        Dataset<Row> csv = spark.read().option("header", "true").option("inferSchema", "true").csv(input);
        if (labelColumn != null && !Arrays.asList(csv.columns()).contains(labelColumn)) {
            throw new InvalidSettingException("labelColumn", input + " has no column '" + labelColumn + "'");
        }
        List<Column> kept = new ArrayList<>();
        List<Column> values = new ArrayList<>();
        for (StructField field : csv.schema().fields()) {
            Column column = col("`" + field.name() + "`");
            if (field.name().equals(labelColumn) || field.name().equals(rowColumn)) {
                kept.add(column);
            } else if (field.dataType() instanceof NumericType) {
                values.add(column);
            } else {
                throw new InvalidSettingException("input", input + ": column '" + field.name() + "' is not numeric ("
                        + field.dataType().simpleString() + "); name it as the label column or drop it");
            }
        }
        kept.add(array(values.toArray(Column[]::new)).cast("array<float>").as(features));
        return csv.select(kept.toArray(Column[]::new));
    }
}
