package org.nice4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.cli.CliFixture.Result;

/**
 * {@code --precision}: {@code train} records it and still scores in float32, {@code eval} and {@code score} score in
 * bfloat16 only when asked, {@code bench} reports it with the product rate it is measured against, and a wrong value is a usage error.
 */
class PrecisionCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aBfloat16RunIsRecordedAndScoredInFloat32() throws IOException {
        Path digits = TinyRuns.digits(dir.resolve("digits"), 2);
        Path run = dir.resolve("run");
        Result r = CliFixture.run(TinyRuns.train(digits, run, "--precision", "bf16"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("bf16 matrix products"), r.out());
        JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
        assertEquals("bf16", summary.get("training").get("precision").asText());

        JsonNode float32 = eval(run, digits);
        assertEquals("fp32", float32.get("precision").asText());
        assertEquals(summary.get("test_log_likelihood_nats").asDouble(), float32.get("log_likelihood_nats").asDouble(),
                0.0, "the summary's score is float32's");
        JsonNode bfloat16 = eval(run, digits, "--precision", "bf16");
        assertEquals("bf16", bfloat16.get("precision").asText());
        double ll = float32.get("log_likelihood_nats").asDouble();
        assertNotEquals(ll, bfloat16.get("log_likelihood_nats").asDouble(), "scored with rounded products");
        assertEquals(ll, bfloat16.get("log_likelihood_nats").asDouble(), 0.01 * Math.abs(ll));
    }

    @Test
    void scoreTakesThePrecisionToo() throws IOException {
        Path digits = TinyRuns.digits(dir.resolve("digits"), 4);
        Path run = dir.resolve("run");
        assertEquals(0, CliFixture.run(TinyRuns.train(digits, run)).code());
        JsonNode float32 = score(run, digits, "fp32");
        JsonNode bfloat16 = score(run, digits, "bf16");
        assertEquals("fp32", float32.get("precision").asText());
        assertEquals("bf16", bfloat16.get("precision").asText());
        double mean = float32.get("mean").asDouble();
        assertNotEquals(mean, bfloat16.get("mean").asDouble(), "scored with rounded products");
        assertEquals(mean, bfloat16.get("mean").asDouble(), 0.01 * Math.abs(mean));
        assertEquals(float32.get("count").asLong(), bfloat16.get("count").asLong());
    }

    private JsonNode score(Path run, Path digits, String precision) throws IOException {
        Result r = CliFixture.run("score", "--model", run.resolve("model.nice4j").toString(), "--data",
                digits.toString(), "--out", dir.resolve(precision + ".csv").toString(), "--precision", precision,
                "--json", "--no-progress");
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out());
    }

    @Test
    void benchReportsItsPrecisionAndTheProductRateInIt() throws IOException {
        Result r = CliFixture.run("bench", "--preset", "nice-toy", "--batch", "20", "--steps", "2", "--precision",
                "bf16", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode json = JSON.readTree(r.out());
        assertEquals("bf16", json.get("precision").asText());
        assertTrue(json.get("gemm_gflops").asDouble() > 0, json.toString());
        assertTrue(json.get("fraction_of_gemm").isNumber(), json.toString());
    }

    @Test
    void anUnknownPrecisionIsAUsageError() throws IOException {
        Result r = CliFixture.run(TinyRuns.train(TinyRuns.digits(dir.resolve("digits"), 3), dir.resolve("run"),
                "--precision", "fp16"));
        assertEquals(2, r.code(), r.err());
        assertEquals("nice4j: --precision: unknown precision 'fp16' (known: fp32, bf16)", r.err().strip());
    }

    private static JsonNode eval(Path run, Path digits, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("eval", "--model", run.resolve("model.nice4j").toString(),
                "--data", digits.toString(), "--json"));
        args.addAll(List.of(more));
        Result r = CliFixture.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out());
    }
}
