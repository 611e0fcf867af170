package org.nice4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.Json;
import org.nice4j.data.SyntheticDigits;
import org.nice4j.engine.Precision;
import org.nice4j.io.ModelFile;
import org.nice4j.model.DensityModel;
import org.nice4j.train.Checkpoint;
import org.nice4j.train.OptimizerSettings;

/**
 * The spark-submit commands in {@code local[2]}: a data-parallel run leaves the run folder of {@code train} and
 * resumes exactly; bad input fails in one line naming what is wrong.
 */
class SparkJobsTest {
    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path table;

    @BeforeAll
    static void start() throws IOException {
        spark = LocalSpark.start();
        StringBuilder csv = new StringBuilder("a,b,kind\n");
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < 240; i++) {
            double a = rng.nextGaussian();
            csv.append(a).append(',').append(0.8 * a + 0.6 * rng.nextGaussian()).append(',').append(a > 0 ? 1 : 0)
                    .append('\n');
        }
        table = Files.writeString(dir.resolve("table.csv"), csv);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aResumedDataParallelRunEqualsAnUninterruptedOne() throws IOException {
        Path whole = dir.resolve("whole");
        Path halves = dir.resolve("halves");

        LocalSpark.Result first = LocalSpark.run(train(whole, "2"));
        LocalSpark.Result half = LocalSpark.run(train(halves, "1"));
        LocalSpark.Result rest = LocalSpark.run("train", "--resume", halves.toString(), "--epochs", "2");

        assertEquals(0, first.code(), first.err());
        assertEquals(0, half.code(), half.err());
        assertEquals(0, rest.code(), rest.err());
        assertTrue(first.out().contains("on 2 workers, 3 local steps per round"), first.out());
        assertTrue(rest.out().contains("resuming " + halves + " at epoch 2, round 1"), rest.out());
        assertEquals(3, Files.readAllLines(whole.resolve("metrics.csv")).size(), "header and two epochs");
        JsonNode summary = Json.MAPPER.readTree(whole.resolve("summary.json").toFile());
        assertEquals(3, summary.get("workers_steps").asInt());
        assertTrue(summary.get("test_log_likelihood_nats").isNumber(), summary.toString());
        try (DensityModel a = Checkpoint.load(whole.resolve("checkpoint.nice4j"), Device.cpu()).model();
                DensityModel b = Checkpoint.load(halves.resolve("checkpoint.nice4j"), Device.cpu()).model()) {
            a.parameters().forEach((name, p) -> assertArrayEquals(p.toFloatArray(),
                    b.parameters().get(name).toFloatArray(), name));
        }
    }

    @Test
    void anUnreachableMasterFailsAtOnceInOneLine() {
        LocalSpark.Result r = LocalSpark.run("score", "--master", "spark://127.0.0.1:1", "--model", "m.nice4j",
                "--input", table.toString(), "--output", dir.resolve("never").toString());

        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("nice4j-spark: cannot reach the Spark master spark://127.0.0.1:1"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void aMissingModelFileFailsOnTheDriverBeforeAnyTask() {
        Path missing = dir.resolve("no-such-model.nice4j");

        LocalSpark.Result r = LocalSpark.run("score", "--model", missing.toString(), "--input", table.toString(),
                "--label-column", "kind", "--output", dir.resolve("never.parquet").toString());

        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("nice4j-spark: " + missing), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void aColumnOfTheWrongWidthOrTypeNamesTheRowAndColumn() throws IOException {
        Path run = dir.resolve("digits-run");
        Path digits = SyntheticDigits.writeFolder(dir.resolve("digits"), 40, 10, 2);
        LocalSpark.Result trained = LocalSpark.run("train", "--preset", "nice-mnist", "--data", digits.toString(),
                "--epochs", "1", "--hidden", "4", "--depth", "1", "--batch", "20", "--weight-decay", "0.02",
                "--precision", "bf16", "--out", run.toString());
        assertEquals(0, trained.code(), trained.err());
        Checkpoint.Restored restored = Checkpoint.load(run.resolve("checkpoint.nice4j"), Device.cpu());
        try (DensityModel ignored = restored.model()) {
            assertEquals(OptimizerSettings.Adam.standard(0.02), restored.config().optimizer(),
                    "`nice4j train`'s recipe options reach the data-parallel run");
            assertEquals(Precision.BF16, restored.config().precision());
        }
        Path narrow = dir.resolve("narrow.parquet");
        StructType schema = new StructType().add("row", DataTypes.LongType).add("features", DataTypes.BinaryType);
        spark.createDataFrame(List.of(RowFactory.create(0L, new byte[784]), RowFactory.create(1L, new byte[780])),
                schema).coalesce(1).write().parquet(narrow.toString());

        LocalSpark.Result wide = LocalSpark.run("score", "--model", run.resolve("model.nice4j").toString(),
                "--input", narrow.toString(), "--output", dir.resolve("never2.parquet").toString());
        LocalSpark.Result typed = LocalSpark.run("score", "--model", run.resolve("model.nice4j").toString(),
                "--input", narrow.toString(), "--features", "row", "--output", dir.resolve("never3").toString());

        assertEquals(1, wide.code(), wide.err());
        assertTrue(wide.err().contains("row 1, column 'features' holds 780 bytes; the model takes 784"), wide.err());
        assertEquals(1, wide.err().strip().lines().count(), wide.err());
        assertEquals(2, typed.code(), typed.err());
        assertTrue(typed.err().contains("column 'row' is bigint; a model of images (channels, height, width) "
                + "(1, 28, 28) reads binary"), typed.err());
    }

    private static String[] train(Path out, String epochs) {
        return new String[] {"train", "--preset", "nice-toy", "--data", table.toString(), "--label-column", "kind",
            "--epochs", epochs, "--hidden", "8", "--depth", "1", "--batch", "20", "--workers-steps", "3",
            "--partitions", "2", "--out", out.toString()};
    }
}
