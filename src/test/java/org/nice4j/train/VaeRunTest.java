package org.nice4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.data.IdxFolder;
import org.nice4j.data.Splits;
import org.nice4j.data.SyntheticDigits;
import org.nice4j.io.ModelFile;
import org.nice4j.model.DensityModel;
import org.nice4j.model.LatentVariableModel;
import org.nice4j.model.Preprocessing;
import org.nice4j.model.VaeConfig;
import org.nice4j.model.VariationalAutoencoder;

/** A VAE goes through the flows' training run: warm-ups, checkpoints and an exact resume, a summary with K. */
class VaeRunTest {
    private static final VaeConfig VAE = new VaeConfig(4, 16, 1);
    private static final Preprocessing BINARY = Preprocessing.images(28, 28).binarize();
    /** Checkpoint after every minibatch; the KL weight and the learning rate warm up over the first 5 steps. */
    private static final TrainingConfig CONFIG = new TrainingConfig(3, 50, OptimizerSettings.Adam.standard(), 3e-3,
            List.of(new Schedule.Warmup(5, 1e-5)), 11, 0, 0, 0, org.nice4j.engine.Precision.FP32, 5);

    @TempDir
    Path dir;

    private static TrainingRun.Data data() {
        Splits s = new IdxFolder("digits", SyntheticDigits.sharedFolder(300, 100)).referenceSplits();
        return new TrainingRun.Data(BINARY.examples(s.train().slice(0, 200), 0), BINARY.examples(s.valid(), 0),
                BINARY.examples(s.test(), 0));
    }

    @Test
    void aResumedRunMatchesTheUninterruptedRun() {
        TrainingRun.Data data = data();
        Path whole = dir.resolve("whole");
        TrainingRun.Outcome reference = TrainingRun.start(whole, VAE, BINARY, CONFIG, Device.cpu(), data, Map.of(),
                new TrainingListener() {});
        Path killed = dir.resolve("killed");
        TrainingListener crash = new CountingListener() {
            @Override
            public void batchFinished(int examples, double nll, double learningRate) {
                super.batchFinished(examples, nll, learningRate);
                if (batches == 7) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> TrainingRun.start(killed, VAE, BINARY, CONFIG, Device.cpu(),
                data, Map.of(), crash));
        TrainingRun.Outcome resumed = TrainingRun.resume(killed, 0, Device.cpu(), data, new CountingListener());

        assertEquals(reference.state().step(), resumed.state().step());
        assertEquals(reference.testLogLikelihood(), resumed.testLogLikelihood(), 0.0);
        for (int e = 0; e < 3; e++) {
            assertEquals(reference.state().history().get(e).trainNll(), resumed.state().history().get(e).trainNll(),
                    1e-9, "train loss of epoch " + (e + 1));
        }
        try (DensityModel a = ModelFile.load(whole.resolve("model.nice4j"), Device.cpu()).model();
                DensityModel b = ModelFile.load(killed.resolve("model.nice4j"), Device.cpu()).model()) {
            assertTrue(a instanceof VariationalAutoencoder);
            a.parameters().forEach((name, p) -> assertArrayEquals(p.toFloatArray(),
                    b.parameters().get(name).toFloatArray(), 0f, name));
        }
        Map<String, Object> summary = reference.summary();
        assertEquals((double) TrainingRun.SUMMARY_SCORING.importanceSamples(),
                summary.get("test_" + LatentVariableModel.IMPORTANCE_SAMPLES));
        assertTrue((double) summary.get("test_log_likelihood_nats")
                >= (double) summary.get("test_" + LatentVariableModel.ELBO));
        assertTrue(Files.exists(whole.resolve("samples.png")));
    }

    @Test
    void theKlWeightAndTheLearningRateWarmUp() {
        assertEquals(0, CONFIG.klWeightAt(0));
        assertEquals(0.4, CONFIG.klWeightAt(2), 1e-12);
        assertEquals(1, CONFIG.klWeightAt(5));
        assertEquals(1, CONFIG.klWeightAt(500));
        assertEquals(1e-5, CONFIG.learningRateAt(0, 0, List.of()), 1e-12);
        assertEquals(1e-5 + (3e-3 - 1e-5) * 3 / 5, CONFIG.learningRateAt(3, 0, List.of()), 1e-12);
        assertEquals(3e-3, CONFIG.learningRateAt(9, 1, List.of()), 1e-12);
    }
}
