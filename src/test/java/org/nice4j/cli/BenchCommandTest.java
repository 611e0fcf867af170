package org.nice4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code bench --json} measures a flat and a class-conditional staged preset and reports every rate as a number. */
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
                "sgemm_gflops", "peak_rss_mb"}) {
            assertTrue(json.get(rate).asDouble() > 0, rate + " in " + json);
        }
    }
}
