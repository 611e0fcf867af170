package org.nice4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.infer.SmallModels;

/**
 * The README's GIN commands on 300 MNIST-shaped images: {@code train --preset gin-mnist} trains
 * class-conditionally with GIN's settings, and {@code traverse} draws its figures from the saved model.
 */
class GinMnistCommandsTest {
    @TempDir
    Path dir;

    @Test
    void trainGinMnistThenTraverse() throws Exception {
        Path run = dir.resolve("gin");
        CliFixture.Result r = CliFixture.run("train", "--preset", "gin-mnist", "--data",
                SmallModels.mnistDir().toString(), "--limit", "300", "--epochs", "2", "--no-progress", "--out",
                run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("adam, lr 0.000300, batch 240, noise σ 0.01, lr / 10 from epoch 2,"
                + " class-gaussian prior over 10 classes"), r.out());
        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        assertTrue(summary.get("test_log_likelihood_nats").isNumber(), summary.toString());
        assertTrue(summary.get("test_conditional_log_likelihood_nats").isNumber(), summary.toString());
        assertEquals(3e-5, summary.at("/training/learningRate").asDouble() / 10, 1e-12);

        Path figures = dir.resolve("traverse");
        r = CliFixture.run("traverse", "--model", run.resolve("model.nice4j").toString(), "--top", "3", "--rows", "2",
                "--out", figures.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : new String[] {"spectrum.png", "spectrum.csv", "variable-01.png", "variable-03.png",
                "samples-T1.0.png", "samples-T0.8.png", "summary.json"}) {
            assertTrue(Files.exists(figures.resolve(f)), f);
        }
        JsonNode traverse = new ObjectMapper().readTree(figures.resolve("summary.json").toFile());
        JsonNode spectrum = traverse.get("spectrum");
        assertEquals(784, spectrum.size());
        for (int i = 1; i < spectrum.size(); i++) {
            assertTrue(spectrum.get(i - 1).asDouble() >= spectrum.get(i).asDouble(), "sorted at " + i);
        }
        assertEquals(3, traverse.get("mean_heatmap_of_top").size());
        assertEquals(785, Files.readAllLines(figures.resolve("spectrum.csv")).size());

        String model = run.resolve("model.nice4j").toString();
        r = CliFixture.run("eval", "--model", model, "--data", SmallModels.mnistDir().toString(), "--limit", "300",
                "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode eval = new ObjectMapper().readTree(r.out());
        assertEquals(summary.get("test_log_likelihood_nats").asDouble(), eval.get("log_likelihood_nats").asDouble(),
                1e-9);
        assertEquals(summary.get("test_conditional_log_likelihood_nats").asDouble(),
                eval.get("conditional_log_likelihood_nats").asDouble(), 1e-9);
        assertEquals(summary.get("test_class_accuracy").asDouble(), eval.get("class_accuracy").asDouble(), 1e-12);

        r = CliFixture.run("sample", "--model", model, "--class", "3", "--n", "4", "--out",
                dir.resolve("threes.png").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(dir.resolve("threes.png")));
        r = CliFixture.run("sample", "--model", model, "--class", "10", "--out", dir.resolve("x.png").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("class 10 outside 0..9"), r.err());
    }

    @Test
    void traverseRefusesAModelWithoutClasses() {
        CliFixture.Result r = CliFixture.run("traverse", "--model", CliFixture.savedModel(dir).toString(), "--out",
                dir.resolve("t").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("not class-conditional"), r.err());
        r = CliFixture.run("sample", "--model", CliFixture.savedModel(dir).toString(), "--class", "1", "--out",
                dir.resolve("s.png").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("not class-conditional"), r.err());
    }
}
