package org.nice4j.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatentStatisticsTest {
    private static final float[][] ROWS = {{1, 10, 0}, {5, 0, 0}, {3, -10, 0}};

    @Test
    void spectrumIsTheColumnStandardDeviationsLargestFirst() {
        double sd0 = Math.sqrt(8.0 / 3);
        double sd1 = Math.sqrt(200.0 / 3);
        assertArrayEquals(new double[] {sd0, sd1, 0}, LatentStatistics.standardDeviations(ROWS), 1e-9);
        assertArrayEquals(new double[] {sd1, sd0, 0}, LatentStatistics.spectrum(ROWS), 1e-9);
    }

    @Test
    void bestMatchFindsTheMostCorrelatedColumnInAbsoluteValue() {
        LatentStatistics.Match m = LatentStatistics.bestMatch(new double[] {2, 1, 0}, ROWS);
        assertEquals(1, m.column(), "column 1 is an exact (negative) linear function of the truth");
        assertEquals(1.0, m.absCorrelation(), 1e-12);
        assertEquals(0.0, LatentStatistics.correlation(new double[] {1, 2, 3}, new double[] {4, 4, 4}));
    }
}
