package org.nice4j.infer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nice4j.model.FlowModel;

/** The shared fixture is what the tests using it rely on: a model that has learnt from the digits. */
class SmallModelsTest {

    /**
     * The 20 training steps raise the mean log-likelihood of held-out images by about 300 nats (at the time of
     * writing); asking for half of that leaves room for other platforms' rounding while failing for a model that
     * kept, or went back to, its untrained start.
     */
    @Test
    void trainedModelScoresHeldOutDigitsFarAboveItsUntrainedStart() {
        float[][] images = SmallModels.testImages(100);
        try (FlowModel start = SmallModels.untrained(SmallModels.SEED)) {
            double gain = meanLogProb(SmallModels.trained(), images) - meanLogProb(start, images);
            assertTrue(gain > 150, "training raised the mean log p by " + gain + " nats");
        }
    }

    private static double meanLogProb(FlowModel model, float[][] images) {
        return Arrays.stream(model.logProb(images)).average().orElseThrow();
    }
}
