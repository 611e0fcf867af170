package org.nice4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlateauScheduleTest {

    @Test
    void dividesTheRateAfterPatienceEpochsWithoutImprovementDownToTheFloor() {
        PlateauSchedule s = new PlateauSchedule(1e-2, 10, 2, 0.01, 1e-3);
        assertFalse(s.observe(5.0));
        assertFalse(s.observe(4.0));
        assertFalse(s.observe(3.995), "an improvement below the threshold counts as none: 1 epoch");
        assertTrue(s.observe(4.5), "second epoch without improvement");
        assertEquals(1e-3, s.rate(), 1e-15);
        assertFalse(s.observe(4.4));
        assertFalse(s.observe(4.4));
        assertFalse(s.observe(4.4), "at the floor the rate stays");
        assertEquals(1e-3, s.rate(), 1e-15);
    }
}
