package org.nice4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nice4j.InvalidSettingException;
import org.nice4j.Json;
import org.nice4j.model.Presets;

class ScheduleTest {

    /** The rate the plateau rule gives after each of these training losses (epoch i sees losses 0..i−1). */
    private static double[] plateauRates(Schedule.Plateau rule, double initial, double... losses) {
        List<EpochMetrics> history = new ArrayList<>();
        double[] rates = new double[losses.length + 1];
        for (int e = 0; e <= losses.length; e++) {
            rates[e] = rule.apply(initial, 0, e, history);
            if (e < losses.length) {
                history.add(new EpochMetrics(e + 1, losses[e], Double.NaN, rates[e], 1));
            }
        }
        return rates;
    }

    @Test
    void plateauDividesAfterPatienceEpochsWithoutImprovementDownToTheFloor() {
        double[] rates = plateauRates(new Schedule.Plateau(10, 2, 0.01, 1e-3), 1e-2,
                5.0, 4.0, 3.995, 4.5, 4.4, 4.4, 4.4);
        // 3.995 improves by less than the threshold: one epoch without; 4.5 is the second, so the rate drops.
        assertEquals(List.of(1e-2, 1e-2, 1e-2, 1e-2, 1e-3, 1e-3, 1e-3, 1e-3), boxed(rates));
    }

    @Test
    void stepDropAndDecayCompose() {
        TrainingConfig c = new TrainingConfig(4, 10, OptimizerSettings.Adam.standard(), 1e-2,
                List.of(new Schedule.ExponentialDecay(2, 1e-3), new Schedule.StepDrop(3, 10)), 0, 0, 0);
        assertEquals(1e-2, c.learningRateAt(0, 0, List.of()), 0);
        assertEquals(2.5e-3, c.learningRateAt(2, 1, List.of()), 0);
        assertEquals(1e-3, c.learningRateAt(50, 1, List.of()), 0, "the decay's floor");
        assertEquals(1e-4, c.learningRateAt(50, 2, List.of()), 1e-18, "then the drop from epoch 3");
    }

    @Test
    void configurationsRoundTripThroughJsonWithTheirKinds() throws Exception {
        TrainingConfig c = TrainingSettings.NONE.resolve(10, 7, Presets.get("gin-mnist").training(), 1000);
        String json = Json.MAPPER.writeValueAsString(c);
        assertEquals(c, Json.MAPPER.readValue(json, TrainingConfig.class));
        assertEquals("adam", Json.MAPPER.readTree(json).at("/optimizer/kind").asText());
        assertEquals("step-drop", Json.MAPPER.readTree(json).at("/schedules/0/kind").asText());
    }

    @Test
    void aCheckpointFromBeforeTypedSettingsReadsAsTheSameSchedule() throws Exception {
        String flat = "{\"epochs\":10,\"batchSize\":240,\"optimizer\":\"adam\",\"learningRate\":3e-4,\"lrDecay\":1.0,"
                + "\"minLearningRate\":3e-5,\"initialMomentum\":0.0,\"momentum\":0.5,\"momentumFromEpoch\":5,"
                + "\"rmsDecay\":0.95,\"maxScaling\":100.0,\"adamBeta1\":0.9,\"adamBeta2\":0.999,\"adamEpsilon\":1e-8,"
                + "\"seed\":0,\"checkpointSeconds\":600,\"noise\":0.01,\"lrDropEpoch\":6}";
        TrainingConfig old = Json.MAPPER.readValue(flat, TrainingConfig.class);
        assertEquals(OptimizerSettings.Adam.standard(), old.optimizer());
        assertEquals(0.01, old.noise(), 0);
        assertEquals(3e-4, old.learningRateAt(1000, 4, List.of()), 0);
        assertEquals(3e-5, old.learningRateAt(1000, 5, List.of()), 1e-18);
        TrainingConfig nice = Json.MAPPER.readValue(flat.replace("\"adam\"", "\"rmsprop\"")
                .replace("\"lrDecay\":1.0", "\"lrDecay\":1.0005").replace("\"lrDropEpoch\":6", "\"lrDropEpoch\":0"),
                TrainingConfig.class);
        assertEquals(OptimizerSettings.RmsProp.paper(), nice.optimizer());
        assertEquals(Math.max(3e-4 / Math.pow(1.0005, 1234), 3e-5), nice.learningRateAt(1234, 3, List.of()), 0);
    }

    @Test
    void theUsersChoicesWinOverThePresetsPaperWhichWinsOverNice() {
        Presets.Training gin = Presets.get("gin-mnist").training();
        TrainingConfig paper = TrainingSettings.NONE.resolve(10, 0, gin, 1000);
        assertEquals("adam", paper.optimizer().id());
        assertEquals(240, paper.batchSize());
        assertEquals(List.of(new Schedule.StepDrop(6, 10)), paper.schedules(), "the final half at a tenth");
        TrainingConfig mine = new TrainingSettings(100, "rmsprop", 2e-3, null, null, 0.0, 0, null, null, null, null,
                60, null).resolve(10, 0, gin, 1000);
        assertEquals(new OptimizerSettings.RmsProp(0.95, 100, 0, 0.5, 5), mine.optimizer());
        assertEquals(List.of(), mine.schedules(), "the paper's lrDecay of 1 and no drop: a constant rate");
        assertEquals(2e-3, mine.learningRate(), 0);
        assertEquals(60, mine.checkpointSeconds());
        assertEquals(TrainingConfig.paper(10, 0), TrainingSettings.NONE.resolve(10, 0, null, 1000),
                "no paper: NICE's");
    }

    @Test
    void badValuesNameTheSetting() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> new TrainingSettings(null, "sgd", null, null, null, null, null, null, null, null, null, null, null)
                        .resolve(1, 0, null, 1000));
        assertEquals("optimizer", e.setting());
        e = assertThrows(InvalidSettingException.class, () -> TrainingSettings.NONE.resolve(0, 0, null, 1000));
        assertEquals("epochs", e.setting());
        assertEquals("the number of epochs must be at least 1, got 0", e.getMessage());
    }

    @Test
    void cosineHoldsTheRateUntilItsStartThenFallsToItsFloorAtItsEndAndStaysThere() {
        Schedule.Cosine rule = new Schedule.Cosine(4, 104, 1e-4);
        assertEquals(1e-2, rule.apply(1e-2, 0, 0, List.of()), 1e-18, "before the start: the full rate");
        assertEquals(1e-2, rule.apply(1e-2, 4, 0, List.of()), 1e-18, "the cosine starts at the full rate");
        assertEquals(1e-4 + (1e-2 - 1e-4) / 2, rule.apply(1e-2, 54, 0, List.of()), 1e-15, "half way: the mean");
        assertEquals(1e-4, rule.apply(1e-2, 104, 0, List.of()), 1e-18, "the end: the floor");
        assertEquals(1e-4, rule.apply(1e-2, 500, 9, List.of()), 1e-18, "a run extended beyond it stays there");
        for (long step = 5; step <= 104; step++) {
            assertTrue(rule.apply(1e-2, step, 0, List.of()) < rule.apply(1e-2, step - 1, 0, List.of()), "step " + step);
        }
    }

    @Test
    void aCosineScheduleEndsAtTheResolvedRunsLastMinibatchAfterItsWarmup() {
        TrainingConfig c = new TrainingSettings(200, "adam", 3e-3, null, 0.0, null, null, null, null, null, null, null,
                null, null, "cosine", 250, 0.999, null).resolve(10, 0, null, 50_000);
        assertEquals(List.of(new Schedule.Cosine(250, 2500, 0), new Schedule.Warmup(250, 1e-5)), c.schedules(),
                "10 epochs of 250 minibatches; the warm-up scales the cosine's rate, so it comes last");
        assertEquals(0.999, c.averageDecay(), 0);
        assertEquals(1e-5, c.learningRateAt(0, 0, List.of()), 1e-18);
        assertEquals(3e-3, c.learningRateAt(250, 1, List.of()), 1e-18);
        assertEquals(0, c.learningRateAt(2500, 9, List.of()), 1e-18);
        assertEquals(List.of(new Schedule.Cosine(0, 2510, 0)), new TrainingSettings(200, null, null, null, null, null,
                null, null, null, null, null, null, null, null, "cosine", null, null, null).resolve(10, 0, null, 50_001)
                .schedules(), "a last, partial minibatch counts");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> new TrainingSettings(null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, "linear", null, null, null)
                .resolve(1, 0, null, 10));
        assertEquals("schedule", e.setting());
        e = assertThrows(InvalidSettingException.class, () -> new TrainingSettings(null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, "cosine", 5, null, null).resolve(1, 0, null, 1000));
        assertEquals("schedule", e.setting(), "a warm-up as long as the run");
        e = assertThrows(InvalidSettingException.class, () -> new TrainingSettings(null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, 1.0, null).resolve(1, 0, null, 10));
        assertEquals("averageDecay", e.setting());
    }

    @Test
    void weightDecayIsAdamsAndRefusedForRmsProp() {
        TrainingConfig c = new TrainingSettings(null, "adam", null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, 0.05).resolve(1, 0, null, 10);
        assertEquals(OptimizerSettings.Adam.standard(0.05), c.optimizer());
        assertEquals("adamw (weight decay 0.05)", c.optimizer().describe());
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> new TrainingSettings(null,
                "rmsprop", null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, 0.05)
                .resolve(1, 0, null, 10));
        assertEquals("weightDecay", e.setting());
        e = assertThrows(InvalidSettingException.class, () -> OptimizerSettings.Adam.standard(-1));
        assertEquals("weightDecay", e.setting());
    }

    /** The paper's recipe is one preset away and resolves to the very settings the old default trained with. */
    @Test
    void thePapersPresetResolvesToNicesOwnSettings() {
        assertEquals(TrainingConfig.paper(10, 3), TrainingSettings.NONE.resolve(10, 3,
                Presets.get("nice-mnist-paper").training(), 50_000));
        assertEquals(Presets.get("nice-mnist").model(), Presets.get("nice-mnist-paper").model(), "one architecture");
        assertEquals(Presets.get("nice-mnist").preprocessing(), Presets.get("nice-mnist-paper").preprocessing());
        TrainingConfig recipe = TrainingSettings.NONE.resolve(10, 3, Presets.get("nice-mnist").training(), 50_000);
        assertEquals("adam", recipe.optimizer().id());
        assertTrue(recipe.initExamples() > 0 && recipe.averageDecay() > 0, recipe.toString());
    }

    private static List<Double> boxed(double[] values) {
        List<Double> out = new ArrayList<>();
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
