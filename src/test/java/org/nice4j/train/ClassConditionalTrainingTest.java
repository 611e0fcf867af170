package org.nice4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.NiceException;
import org.nice4j.data.ContinuousExamples;
import org.nice4j.experiment.GinToyData;
import org.nice4j.io.ModelFile;
import org.nice4j.model.CouplingKind;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Layout;
import org.nice4j.model.ModelConfig;
import org.nice4j.model.NetworkConfig;
import org.nice4j.model.PartitionKind;
import org.nice4j.model.Preprocessing;
import org.nice4j.nn.Init;
import org.nice4j.prior.ClassConditionalGaussian;
import org.nice4j.prior.PriorKind;

/**
 * A class-conditional (GIN) flow trains through the same Trainer, checkpoints and model files as NICE: labels reach
 * the loss, the per-class statistics are saved, a killed run resumes exactly, and bad labels are refused up front.
 */
class ClassConditionalTrainingTest {
    private static final Preprocessing PRE = Preprocessing.continuous(GinToyData.DIMENSION);
    /** GIN's noise and final phase: lr / 10 from epoch 3 of 3. */
    private static final TrainingConfig CONFIG = new TrainingConfig(3, 100, OptimizerSettings.Adam.standard(), 1e-2,
            List.of(new Schedule.StepDrop(3, 10)), 5, 0, 0.01);

    @TempDir
    Path dir;

    private static ModelConfig gin(PriorKind prior) {
        return new ModelConfig(CouplingKind.GIN, new Layout.Flat(4, PartitionKind.HALVES),
                new NetworkConfig(10, 1, Init.HE, 0, true), false, prior, 2, 1L, GinToyData.CLASSES);
    }

    private static ContinuousExamples labelled(int n, long seed) {
        GinToyData d = GinToyData.generate(n, seed);
        return ContinuousExamples.ofRows(d.observed(), d.labels());
    }

    private static TrainingRun.Data data() {
        return new TrainingRun.Data(labelled(500, 1), labelled(200, 2), labelled(200, 3));
    }

    @Test
    void killedRunResumesExactlyWithItsClassStatistics() throws Exception {
        ModelConfig model = gin(PriorKind.CLASS_GAUSSIAN);
        TrainingRun.Outcome whole = TrainingRun.start(dir.resolve("whole"), model, PRE, CONFIG, Device.cpu(), data(),
                Map.of(), new TrainingListener() {});
        TrainingListener crash = new CountingListener() {
            @Override
            public void batchFinished(int examples, double nll, double learningRate) {
                super.batchFinished(examples, nll, learningRate);
                if (batches == 7) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> TrainingRun.start(dir.resolve("killed"), model, PRE, CONFIG,
                Device.cpu(), data(), Map.of(), crash));
        CountingListener rest = new CountingListener();
        TrainingRun.Outcome resumed = TrainingRun.resume(dir.resolve("killed"), 0, Device.cpu(), data(), rest);

        // 3 epochs of 500 / 100; the crash came before minibatch 7's checkpoint, so the run goes on after minibatch 6.
        assertEquals(1, rest.firstBatch);
        assertEquals(15 - 6, rest.batches);
        assertEquals(15, resumed.state().step());
        assertEquals(whole.testLogLikelihood(), resumed.testLogLikelihood(), 0.0);
        assertTrue(Double.isFinite(whole.testLogLikelihood()));
        assertTrue(whole.summary().get("test_conditional_log_likelihood_nats") instanceof Double);
        try (FlowModel a = ModelFile.load(dir.resolve("whole/model.nice4j"), Device.cpu()).flow();
                FlowModel b = ModelFile.load(dir.resolve("killed/model.nice4j"), Device.cpu()).flow()) {
            assertEquals(a.tensors().keySet(), b.tensors().keySet());
            assertTrue(a.tensors().containsKey("prior.means"), "the statistics are in the model file");
            a.tensors().forEach((name, t) -> assertArrayEquals(t.toFloatArray(), b.tensors().get(name).toFloatArray(),
                    0f, name));
            float[] means = ((ClassConditionalGaussian) a.prior()).means()[0];
            assertNotEquals(0f, means[0], "statistics fitted, not the N(0, I) start");
        }
    }

    @Test
    void theLastPhaseTrainsAtATenthOfTheRate() {
        TrainingRun.Outcome run = TrainingRun.start(dir, gin(PriorKind.CLASS_GAUSSIAN), PRE, CONFIG,
                Device.cpu(), data(), Map.of(), new TrainingListener() {});
        assertEquals(1e-2, run.state().history().get(1).learningRate(), 1e-12);
        assertEquals(1e-3, run.state().history().get(2).learningRate(), 1e-12);
    }

    @Test
    void learnedMomentsAreTrainedWithTheFlow() {
        try (FlowModel flow = FlowModel.create(gin(PriorKind.CLASS_GAUSSIAN_LEARNED), PRE, Device.cpu(), 2)) {
            assertTrue(flow.parameters().containsKey("prior.means"));
            float[] before = ((ClassConditionalGaussian) flow.prior()).means()[1].clone();
            ContinuousExamples train = labelled(300, 4);
            TrainingStep step = new TrainingStep(flow, new Adam(flow.parameters(), 0.9, 0.999, 1e-8, 0));
            int[] all = java.util.stream.IntStream.range(0, 300).toArray();
            for (int i = 0; i < 5; i++) {
                step.run(train.evaluationBatch(all), train.condition(all), 300, 1e-2, 0);
            }
            assertTrue(!Arrays.equals(before, ((ClassConditionalGaussian) flow.prior()).means()[1]), "class means moved");
        }
    }

    @Test
    void classAccuracyCountsHowOftenTheLabelIsTheMostLikelyClass() {
        // An identity-start flow on three clusters 5 apart: latents are the data, so the classes separate fully.
        try (FlowModel flow = FlowModel.create(gin(PriorKind.CLASS_GAUSSIAN), PRE, Device.cpu(), 2)) {
            java.util.SplittableRandom rng = new java.util.SplittableRandom(9);
            int n = 300;
            float[][] rows = new float[n][GinToyData.DIMENSION];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i % GinToyData.CLASSES;
                for (int j = 0; j < GinToyData.DIMENSION; j++) {
                    rows[i][j] = (float) (5 * labels[i] + 0.3 * rng.nextGaussian());
                }
            }
            ((ClassConditionalGaussian) flow.prior()).fit(flow.encode(rows, 100), labels);
            assertEquals(1.0, classAccuracy(flow, ContinuousExamples.ofRows(rows, labels)), 0);
            int[] wrongForHalf = labels.clone();
            for (int i = 0; i < n; i += 2) {
                wrongForHalf[i] = (labels[i] + 1) % GinToyData.CLASSES;
            }
            assertEquals(0.5, classAccuracy(flow, ContinuousExamples.ofRows(rows, wrongForHalf)), 0);
        }
    }

    private static double classAccuracy(FlowModel flow, ContinuousExamples examples) {
        return Evaluator.meanScores(flow, examples, 64).get("class_accuracy");
    }

    @Test
    void unlabelledDataAndForeignLabelsAreRefusedBeforeTraining() {
        ModelConfig model = gin(PriorKind.CLASS_GAUSSIAN);
        GinToyData d = GinToyData.generate(300, 1);
        ContinuousExamples unlabelled = ContinuousExamples.ofRows(d.observed(), null);
        NiceException e = assertThrows(NiceException.class, () -> TrainingRun.start(dir.resolve("a"), model, PRE,
                CONFIG, Device.cpu(), new TrainingRun.Data(unlabelled, null, null), Map.of(),
                new TrainingListener() {}));
        assertTrue(e.getMessage().contains("no labels"), e.getMessage());

        int[] labels = d.labels().clone();
        labels[17] = 7;
        ContinuousExamples foreign = ContinuousExamples.ofRows(d.observed(), labels);
        e = assertThrows(NiceException.class, () -> TrainingRun.start(dir.resolve("b"), model, PRE, CONFIG,
                Device.cpu(), new TrainingRun.Data(foreign, null, null), Map.of(), new TrainingListener() {}));
        assertTrue(e.getMessage().contains("example 17 has label 7"), e.getMessage());
    }
}
