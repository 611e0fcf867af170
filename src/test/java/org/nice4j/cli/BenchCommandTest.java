package org.nice4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code bench --json} measures a flat and a class-conditional staged preset and reports every rate as a number;
 * {@code --soak} reports the resident set and the training rate along the run.
 */
class BenchCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"nice-toy", "gin-mnist"})
    void benchPrintsItsMeasurementsAsJson(String preset) throws Exception {
        CliFixture.Result r = CliFixture.run("bench", "--preset", preset, "--batch", "20", "--steps", "2", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(preset, json.get("preset").asText());
        for (String rate : new String[] {"train_examples_per_s", "score_examples_per_s", "eval_examples_per_s",
                "streamed_score_rows_per_s", "sample_examples_per_s",
                "sgemm_gflops", "peak_rss_mb", "train_forward_ms", "train_backward_ms", "train_update_ms"}) {
            assertTrue(json.get(rate).asDouble() > 0, rate + " in " + json);
        }
    }

    @Test
    void soakTracesMemoryAndTheRateBetweenSamples() throws Exception {
        CliFixture.Result r = CliFixture.run("bench", "--preset", "nice-toy", "--batch", "20", "--soak", "20", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(20, json.get("soak_steps").asInt());
        JsonNode samples = json.get("samples");
        assertTrue(samples.get(0).get("examples_per_s").isNull(), "no rate before the first step: " + samples);
        for (int i = 1; i < samples.size(); i++) {
            assertTrue(samples.get(i).get("rss_mb").asDouble() > 0, samples.toString());
            assertTrue(samples.get(i).get("examples_per_s").asDouble() > 0, samples.toString());
        }
        assertTrue(samples.size() >= 3 && samples.get(samples.size() - 1).get("step").asInt() == 20, samples.toString());
        assertTrue(r.err().contains("examples/s"), r.err());
    }
}
