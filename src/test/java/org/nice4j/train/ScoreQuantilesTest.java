package org.nice4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nice4j.Json;

class ScoreQuantilesTest {

    @Test
    void theTableInterpolatesBetweenOrderStatistics() {
        double[] scores = new double[101];
        for (int i = 0; i <= 100; i++) {
            scores[i] = 100 - i; // 100 down to 0, unsorted on purpose
        }
        ScoreQuantiles q = ScoreQuantiles.of(scores);
        assertEquals(101, q.count());
        assertEquals(0, q.at(0), 1e-12);
        assertEquals(1, q.at(0.01), 1e-9);
        assertEquals(50, q.at(0.5), 1e-9);
        assertEquals(0.5, q.at(0.005), 1e-9);
        assertEquals(100, q.at(1), 1e-12);
    }

    @Test
    void aSingleScoreIsEveryQuantileAndTheTableSurvivesJson() throws Exception {
        ScoreQuantiles one = ScoreQuantiles.of(new double[] {-3.5});
        assertEquals(-3.5, one.at(0.01));
        ScoreQuantiles back = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(one), ScoreQuantiles.class);
        assertEquals(one.count(), back.count());
        assertEquals(-3.5, back.at(0.99));
    }
}
