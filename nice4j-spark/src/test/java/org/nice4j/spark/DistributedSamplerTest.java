package org.nice4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.Seeds;
import org.nice4j.cli.Main;
import org.nice4j.data.SyntheticDigits;
import org.nice4j.io.ModelFile;
import org.nice4j.model.DensityModel;

/**
 * Samples drawn on Spark executors ({@code local[2]}) are the model's own draws of each chunk with its mixed seed, the
 * same whatever the partitions; the sample command writes them as Parquet or CSV and refuses bad settings in one line.
 */
class DistributedSamplerTest {
    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path model;

    @BeforeAll
    static void trainATinyImageModel() throws IOException {
        spark = LocalSpark.start();
        Path digits = SyntheticDigits.writeFolder(dir.resolve("digits"), 60, 30, 5);
        Path run = dir.resolve("run");
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"train", "--data", digits.toString(), "--epochs", "1", "--hidden", "8",
            "--depth", "1", "--batch", "20", "--no-progress", "--out", run.toString()},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        model = run.resolve("model.nice4j");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void eachChunkIsTheModelsDrawWithItsSeedWhateverThePartitions() {
        DistributedSampler.Request request = new DistributedSampler.Request(25, 0.8, 7, null, 10);

        Map<Long, float[]> onePartition = byRow(DistributedSampler.sample(spark, model, request, 1).collectAsList());
        Map<Long, float[]> threePartitions = byRow(DistributedSampler.sample(spark, model, request, 3)
                .collectAsList());

        assertEquals(25, onePartition.size());
        assertEquals(25, threePartitions.size());
        try (DensityModel driver = ModelFile.load(model, Device.cpu()).model()) {
            for (long chunk = 0; chunk < 3; chunk++) {
                int rows = chunk < 2 ? 10 : 5;
                float[][] expected = driver.sample(rows, 0.8, Seeds.mix(7, chunk));
                for (int i = 0; i < rows; i++) {
                    long row = chunk * 10 + i;
                    assertClose(expected[i], onePartition.get(row), "row " + row + ", one partition");
                    assertClose(expected[i], threePartitions.get(row), "row " + row + ", three partitions");
                }
            }
        }
        assertFalse(close(onePartition.get(0L), onePartition.get(10L)), "chunks 0 and 1 drew the same first sample");
        Map<Long, float[]> otherSeed = byRow(DistributedSampler.sample(spark, model,
                new DistributedSampler.Request(25, 0.8, 8, null, 10), 2).collectAsList());
        assertFalse(close(onePartition.get(3L), otherSeed.get(3L)), "seeds 7 and 8 drew the same sample");
    }

    @Test
    void theSampleJobWritesParquetAndCsv() throws IOException {
        Path parquet = dir.resolve("samples.parquet");
        LocalSpark.Result r = LocalSpark.run("sample", "--model", model.toString(), "--n", "1500", "--seed", "3",
                "--output", parquet.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("sampled 1,500 rows"), r.out());
        List<Row> rows = spark.read().parquet(parquet.toString()).collectAsList();
        assertEquals(1500, rows.size());
        assertEquals(1500, rows.stream().mapToLong(row -> row.getLong(0)).distinct().count());
        assertTrue(rows.stream().allMatch(row -> row.getList(1).size() == SyntheticDigits.SIDE * SyntheticDigits.SIDE),
                "rows of the model's 784 pixels");

        Path csv = dir.resolve("samples.csv");
        r = LocalSpark.run("sample", "--model", model.toString(), "--n", "12", "--output", csv.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines;
        try (Stream<Path> parts = Files.list(csv)) {
            lines = parts.filter(p -> p.getFileName().toString().endsWith(".csv")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
        assertTrue(lines.get(0).startsWith("sample,x1,x2,"), lines.get(0));
        assertEquals(12, lines.stream().filter(line -> !line.startsWith("sample,")).count());
    }

    @Test
    void badSettingsFailInOneLine() {
        assertOneLine(LocalSpark.run("sample", "--model", model.toString(), "--n", "0", "--output",
                dir.resolve("none").toString()), 2, "the number of samples must be at least 1");
        assertOneLine(LocalSpark.run("sample", "--model", model.toString(), "--n", "5", "--temperature", "0",
                "--output", dir.resolve("none").toString()), 2, "the temperature must be positive");
        assertOneLine(LocalSpark.run("sample", "--model", model.toString(), "--n", "5", "--class", "3", "--output",
                dir.resolve("none").toString()), 2, "not class-conditional");
        assertOneLine(LocalSpark.run("sample", "--model", dir.resolve("missing.nice4j").toString(), "--n", "5",
                "--output", dir.resolve("none").toString()), 1, "missing.nice4j");
        assertFalse(Files.exists(dir.resolve("none")), "a refused call wrote its output");
    }

    private static void assertOneLine(LocalSpark.Result r, int code, String says) {
        assertEquals(code, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(says), r.err());
    }

    private static Map<Long, float[]> byRow(List<Row> rows) {
        Map<Long, float[]> values = new HashMap<>();
        for (Row row : rows) {
            List<Float> cell = row.getList(1);
            float[] v = new float[cell.size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = cell.get(j);
            }
            values.put(row.getLong(0), v);
        }
        return values;
    }

    /**
     * Within 1e-5 of each value (relative beyond 1): the executors' engine runs on one thread, the driver's on the
     * machine's cores, and a matrix product split differently may round its last bit differently.
     */
    private static boolean close(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            return false;
        }
        for (int j = 0; j < expected.length; j++) {
            if (Math.abs(expected[j] - actual[j]) > 1e-5 * Math.max(1, Math.abs(expected[j]))) {
                return false;
            }
        }
        return true;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertTrue(close(expected, actual), what + " differs from the model's own draw");
    }
}
