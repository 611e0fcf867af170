package org.nice4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.cli.CliFixture.Result;

/** The presets and GIN's toy experiment from the command line, at tiny sizes: nice-toy, realnvp-mnist, gin-toy. */
class PresetCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void niceToyTrainsOnTwoMoonsAndResumesOnThem() throws IOException {
        Path run = dir.resolve("toy");
        Result r = CliFixture.run("train", "--preset", "nice-toy", "--limit", "300", "--batch", "100", "--epochs", "1",
                "--no-progress", "--out", run.toString());

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("training nice-toy (300 examples, valid 300, test 300)"), r.out());
        JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
        assertTrue(summary.get("test_log_likelihood_nats").isNumber(), summary.toString());
        assertEquals("two-moons", summary.at("/provenance/dataset").asText());

        Result resumed = CliFixture.run("train", "--resume", run.toString(), "--epochs", "2", "--no-progress");
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(300, JSON.readTree(run.resolve("summary.json").toFile()).get("test_examples").asInt());
    }

    @Test
    void niceToyRefusesImageData() throws IOException {
        Path digits = TinyRuns.digits(dir.resolve("toy-digits"), 3);
        Result r = CliFixture.run("train", "--preset", "nice-toy", "--data", digits.toString(), "--out",
                dir.resolve("toy").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("nice4j: --preset: the model takes continuous rows, the data is images (channels, height, width)"
                + " (1, 28, 28)", r.err().strip());
    }

    @Test
    void realNvpMnistTrainsAffineCouplings() throws IOException {
        Path data = TinyRuns.digits(dir.resolve("digits"), 3);
        Path run = dir.resolve("realnvp");
        Result r = CliFixture.run(TinyRuns.train(data, run, "--preset", "realnvp-mnist"));
        assertEquals(0, r.code(), r.err());

        Result info = CliFixture.run("info", "--json", "--model", run.resolve("model.nice4j").toString());
        assertEquals(0, info.code(), info.err());
        JsonNode model = JSON.readTree(info.out()).get("model");
        assertEquals("affine", model.get("coupling").asText());
        assertEquals(2.0, model.get("clamp").asDouble());
        assertEquals(8, model.at("/network/hidden").asInt(), "--hidden applies");
        assertTrue(JSON.readTree(run.resolve("summary.json").toFile()).get("test_log_likelihood_nats").isNumber());
    }

    @Test
    void ginToyRunsTheArtificialExperimentThroughTheTrainingLoop() throws IOException {
        Path out = dir.resolve("gin-toy");
        Result r = CliFixture.run("gin-toy", "--points", "500", "--epochs", "2", "--batch", "250", "--seed", "1",
                "--no-progress", "--out", out.toString());

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("epoch 2/2  train nll "), r.out());
        assertTrue(r.out().contains("spectrum (latent std, sorted): ["), r.out());
        for (String f : new String[] {"summary.json", "spectrum.png", "true_latents.png", "recovered_latents.png",
                "curve.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        JsonNode spectrum = summary.get("spectrum");
        assertEquals(10, spectrum.size(), "one standard deviation per latent dimension");
        for (int i = 1; i < spectrum.size(); i++) {
            assertTrue(spectrum.get(i - 1).asDouble() >= spectrum.get(i).asDouble(), "sorted: " + spectrum);
        }
        assertEquals(2, summary.get("correlations").size(), "one per true informative variable");
        assertEquals(500, summary.at("/settings/points").asInt());

        // the run it leaves is an ordinary one: train --resume continues it on the same points
        assertTrue(Files.exists(out.resolve("checkpoint.nice4j")));
        assertEquals(3, Files.readAllLines(out.resolve("metrics.csv")).size(), "header and two epochs");
        Result resumed = CliFixture.run("train", "--resume", out.toString(), "--epochs", "3", "--no-progress");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("epoch 3/3  train nll "), resumed.out());
        assertEquals(4, Files.readAllLines(out.resolve("metrics.csv")).size(), "the third epoch appended");
        assertEquals(500, JSON.readTree(out.resolve("summary.json").toFile()).at("/provenance/points").asInt());
    }
}
