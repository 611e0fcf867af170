package org.nice4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.Json;
import org.nice4j.cli.CliFixture.Result;

/** A VAE through the flows' commands: train, eval with importance samples, sample, reconstruct, info, and refusals. */
class LatentModelCommandsTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path run;

    @BeforeAll
    static void trainOne() throws Exception {
        data = TinyRuns.digits(dir.resolve("digits"), 1);
        run = dir.resolve("vae");
        Result r = CliFixture.run("train", "--preset", "vae-mnist", "--binarize", "--latent", "4", "--hidden", "8",
                "--data", data.toString(), "--epochs", "2", "--batch", "20", "--no-progress", "--out",
                run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("VAE with 4 latents"), r.out());
    }

    @Test
    void evalReportsTheImportanceSampledEstimateWithItsBoundAndK() throws Exception {
        Result r = CliFixture.run("eval", "--model", run.resolve("model.nice4j").toString(), "--data",
                data.toString(), "--importance-samples", "50", "--json", "--no-progress");
        assertEquals(0, r.code(), r.err());
        JsonNode json = Json.MAPPER.readTree(r.out());
        for (String field : new String[] {"log_likelihood_nats", "bits_per_dim", "elbo_nats", "importance_samples",
                "examples", "split"}) {
            assertTrue(json.has(field), field + " in " + r.out());
        }
        assertEquals(50, json.get("importance_samples").asInt());
        assertEquals(30, json.get("examples").asInt());
        double ll = json.get("log_likelihood_nats").asDouble();
        assertTrue(ll >= json.get("elbo_nats").asDouble() && ll < 0, r.out());
        assertEquals(-ll / (784 * Math.log(2)), json.get("bits_per_dim").asDouble(), 1e-9, "binary data's bits");
    }

    @Test
    void sampleAndReconstructWritePictures() {
        Path samples = dir.resolve("samples.png");
        Path recon = dir.resolve("recon.png");
        String model = run.resolve("model.nice4j").toString();
        assertEquals(0, CliFixture.run("sample", "--model", model, "--n", "16", "--out", samples.toString()).code());
        Result r = CliFixture.run("sample", "--model", model, "--reconstruct", "--n", "8", "--data", data.toString(),
                "--out", recon.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(samples) && Files.exists(recon));
        Result info = CliFixture.run("info", "--model", model);
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("Bernoulli decoder"), info.out());
    }

    @Test
    void badSettingsAndFlowOnlyCommandsAreRefusedInOneLine() {
        String model = run.resolve("model.nice4j").toString();
        Path out = dir.resolve("never");
        String[][] calls = {
                {"train", "--preset", "vae-mnist", "--latent", "0", "--data", data.toString(), "--out", out.toString()},
                {"train", "--preset", "vae-mnist", "--decoder", "coupled", "--data", data.toString(), "--out",
                        out.toString()},
                {"eval", "--model", model, "--importance-samples", "0", "--data", data.toString()},
                {"inpaint", "--model", model, "--data", data.toString(), "--out", out.toString()},
                {"traverse", "--model", model, "--out", out.toString()},
                {"spectrum", "--model", model, "--out", out.toString()}};
        String[] starts = {
                "nice4j: --latent: a VAE needs at least 1 latent dimension, got 0",
                "nice4j: --decoder: a VAE has no decoder setting",
                "nice4j: --importance-samples: the number of importance samples must be at least 1, got 0",
                "nice4j: --model: " + model + " holds VAE with 4 latents",
                "nice4j: --model: " + model + " holds VAE with 4 latents",
                "nice4j: --model: " + model + " holds VAE with 4 latents"};
        for (int i = 0; i < calls.length; i++) {
            Result r = CliFixture.run(calls[i]);
            assertEquals(2, r.code(), String.join(" ", calls[i]) + ": " + r.err());
            assertTrue(r.err().startsWith(starts[i]), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(out), String.join(" ", calls[i]));
        }
    }
}
