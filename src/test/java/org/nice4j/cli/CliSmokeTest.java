package org.nice4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.cli.CliFixture.Result;
import org.nice4j.infer.SmallModels;

/**
 * The README's commands on 1,000 MNIST-shaped images: train one epoch, then eval, sample, info. The later tests use
 * the run of the first, so they fail with it rather than pass without it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliSmokeTest {
    private static final Path DATA = SmallModels.mnistDir();

    @TempDir
    static Path dir;

    @Test
    @Order(1)
    void trainOneEpochOnASubset() throws Exception {
        Result r = CliFixture.run("train", "--data", DATA.toString(), "--limit", "1000", "--epochs", "1",
                "--no-progress", "--out", dir.resolve("run").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("test log-likelihood"), r.out());
        for (String f : new String[] {"model.nice4j", "checkpoint.nice4j", "metrics.csv", "curve.png",
                "samples.png", "summary.json"}) {
            assertTrue(Files.exists(dir.resolve("run").resolve(f)), f);
        }
        assertEquals(2, Files.readAllLines(dir.resolve("run/metrics.csv")).size());
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("run/summary.json").toFile());
        assertTrue(summary.get("test_log_likelihood_nats").isNumber());
    }

    @Test
    @Order(2)
    void evalPrintsTheSameScoreAsTheRunAsJson() throws Exception {
        Result r = CliFixture.run("eval", "--model", dir.resolve("run/model.nice4j").toString(), "--data",
                DATA.toString(), "--limit", "1000", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("run/summary.json").toFile());
        assertEquals(summary.get("test_log_likelihood_nats").asDouble(), json.get("log_likelihood_nats").asDouble(),
                1e-9);
        assertEquals(1000, json.get("examples").asInt());
        assertEquals("test", json.get("split").asText());
        double bpd = (-json.get("log_likelihood_nats").asDouble() / 784 + Math.log(256)) / Math.log(2);
        assertEquals(bpd, json.get("bits_per_dim").asDouble(), 1e-9);
    }

    @Test
    @Order(3)
    void sampleWritesAGridAndInfoDescribesTheModel() throws Exception {
        Path png = dir.resolve("s.png");
        Result r = CliFixture.run("sample", "--model", dir.resolve("run/model.nice4j").toString(), "--n", "16", "--seed", "3",
                "--out", png.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 4 * 28);
        Result info = CliFixture.run("info", "--model", dir.resolve("run/model.nice4j").toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("19,158,352"), info.out());
    }

    @Test
    @Order(4)
    void dataOfAnotherShapeIsRefusedNamingBothShapes() throws Exception {
        Path small = org.nice4j.data.IdxFixtures.writeFolder(dir.resolve("small"), 12, 6);
        Result r = CliFixture.run("eval", "--model", dir.resolve("run/model.nice4j").toString(), "--data", small.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("expects 28x28 images") && r.err().contains("has 2x3 images"), r.err());
    }

    @Test
    @Order(5)
    void resumeWithoutDataOptionsTrainsOnTheRunsOwnData() throws Exception {
        Result r = CliFixture.run("train", "--resume", dir.resolve("run").toString(), "--epochs", "2", "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("epoch 2/2"), r.out());
        assertEquals(3, Files.readAllLines(dir.resolve("run/metrics.csv")).size());
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("run/summary.json").toFile());
        assertEquals(1000, summary.get("test_examples").asInt(), "the --limit of the original run");
    }

    @Test
    void unknownOptionIsAUsageErrorOnOneLine() {
        Result r = CliFixture.run("train", "--no-such-option");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("nice4j: Unknown option"), r.err());
    }

    @Test
    void unknownDatasetIsAUsageError() {
        Result r = CliFixture.run("eval", "--model", "x.nice4j", "--dataset", "cifar-99");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown dataset 'cifar-99'"), r.err());
    }

    @Test
    void missingOrForeignModelFileIsARuntimeErrorWithoutStackTrace() throws Exception {
        Path foreign = dir.resolve("foreign.nice4j");
        Files.writeString(foreign, "hello, I am not a model\n");
        for (Path model : new Path[] {dir.resolve("absent.nice4j"), foreign}) {
            Result r = CliFixture.run("info", "--model", model.toString());
            assertEquals(1, r.code());
            assertTrue(r.err().startsWith("nice4j: " + model), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("at org."), r.err());
        }
    }
}
