package org.nice4j.spark;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw samples from a model on the cluster and write them as a table: a "
                + DistributedSampler.SAMPLE + " column numbering them and the sampled model input (an image model's "
                + "pixel intensities), as `nice4j sample --out FILE.csv` writes it.",
                "Sample i is row i mod " + DistributedSampler.CHUNK_ROWS + " of chunk i / "
                        + DistributedSampler.CHUNK_ROWS + ", drawn with a seed mixed from --seed and the chunk: the "
                        + "table is the same whatever the partitions."})
final class SampleJob implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "A model file, readable on the driver (it is broadcast to the executors).")
    Path model;

    @Option(names = "--n", required = true, description = "Number of samples.")
    long n;

    @Option(names = "--output", required = true, paramLabel = "PATH",
            description = "Where to write them: a name ending in .csv writes CSV (columns "
                    + DistributedSampler.SAMPLE + ", x1..xD), anything else Parquet (an array<float> column "
                    + DistributedSampler.FEATURES + ").")
    String output;

    @Option(names = "--temperature", defaultValue = "1.0", description = "Prior scale (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--seed", defaultValue = "0", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--class", paramLabel = "K", description = "Sample class K only (class-conditional models).")
    Integer label;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Tasks drawing the chunks (default: Spark's default parallelism).")
    Integer partitions;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        DistributedSampler.Request request = new DistributedSampler.Request(n, temperature, seed, label,
                DistributedSampler.CHUNK_ROWS);
        try (Sessions.Opened session = Sessions.open("nice4j sample", cluster.master)) {
            SparkSession spark = session.spark();
            int tasks = partitions != null ? partitions : spark.sparkContext().defaultParallelism();
            Dataset<Row> samples = DistributedSampler.sample(spark, model, request, tasks);
            long started = System.nanoTime();
            if (output.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                columns(samples).write().option("header", "true").csv(output);
            } else {
                samples.write().parquet(output);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            spec.commandLine().getOut().printf(Locale.ROOT, "sampled %,d rows from %s into %s in %.1f s (%.0f rows/s)"
                    + "%n", n, model, output, seconds, n / seconds);
            return 0;
        }
    }

    /** The features array spread into columns x1..xD, as CSV (which has no arrays) needs. */
    private static Dataset<Row> columns(Dataset<Row> samples) {
        int width = samples.first().<Float>getList(1).size();
        List<Column> columns = new ArrayList<>(width + 1);
        columns.add(col(DistributedSampler.SAMPLE));
        for (int j = 0; j < width; j++) {
            columns.add(col(DistributedSampler.FEATURES).getItem(j).as("x" + (j + 1)));
        }
        return samples.select(columns.toArray(Column[]::new));
    }
}
