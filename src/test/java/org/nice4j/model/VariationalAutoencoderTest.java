package org.nice4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.data.Batches;
import org.nice4j.data.Condition;
import org.nice4j.data.Examples;
import org.nice4j.data.IdxFolder;
import org.nice4j.data.SyntheticDigits;
import org.nice4j.engine.Host;
import org.nice4j.io.ModelFile;
import org.nice4j.train.Optimizer;
import org.nice4j.train.OptimizerSettings;
import org.nice4j.train.TrainingStep;

class VariationalAutoencoderTest {
    private static final VaeConfig SMALL = new VaeConfig(4, 32, 1);
    private static Examples train;
    private static Examples test;

    @TempDir
    static Path dir;

    @BeforeAll
    static void digits() {
        Path folder = SyntheticDigits.sharedFolder(600, 100);
        Preprocessing binary = Preprocessing.images(28, 28).binarize();
        train = binary.examples(new IdxFolder("digits", folder).train(), 0);
        test = binary.examples(new IdxFolder("digits", folder).test(), 0);
    }

    /** Adam on the ELBO for {@code steps} minibatches of 50 synthetic digits. */
    private static VariationalAutoencoder trained(VaeConfig config, Preprocessing pre, Examples data, int steps) {
        VariationalAutoencoder vae = config.create(pre, Device.cpu(), 7);
        Optimizer optimizer = OptimizerSettings.Adam.standard().create(vae.parameters());
        TrainingStep step = new TrainingStep(vae, optimizer);
        int[][] batches = Batches.shuffledBatches(data.size(), 50, new SplittableRandom(1));
        for (int t = 0; t < steps; t++) {
            int[] batch = batches[t % batches.length];
            step.run(data.batch(batch, new SplittableRandom(t)), Condition.NONE, batch.length, 3e-3, 0, 1, t);
        }
        return vae;
    }

    private static float[] evaluation(Examples examples, int n) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        return examples.evaluationBatch(all);
    }

    @Test
    void theImportanceSampledEstimateIsAboveTheBoundAndGrowsWithK() {
        int n = 40;
        try (VariationalAutoencoder vae = trained(SMALL, Preprocessing.images(28, 28).binarize(), train, 60);
                NDManager scope = vae.manager().newSubManager()) {
            NDArray x = Host.array(scope, evaluation(test, n), new Shape(n, 784));
            double bound = 0;
            int draws = 20;
            for (int seed = 0; seed < draws; seed++) {
                bound += mean(vae.validationScore(x, seed).toFloatArray()) / draws;
            }
            assertTrue(bound > -400 && bound < -60, "a model that learned something: ELBO " + bound);
            double previous = Double.NEGATIVE_INFINITY;
            for (int k : new int[] {1, 10, 100, 1000}) {
                Map<String, NDArray> scores = vae.scores(x, Condition.NONE, new Scoring(k, 5));
                double ll = mean(scores.get(DensityModel.LOG_LIKELIHOOD).toFloatArray());
                double elbo = mean(scores.get(LatentVariableModel.ELBO).toFloatArray());
                assertEquals(k, scores.get(LatentVariableModel.IMPORTANCE_SAMPLES).toFloatArray()[0]);
                if (k >= 100) {
                    // the mean log-weight estimates the same bound as the closed-form KL does
                    assertEquals(bound, elbo, 0.5, "K = " + k);
                }
                assertTrue(ll >= bound - 0.5, "K = " + k + ": " + ll + " below the ELBO " + bound);
                assertTrue(ll >= previous - 0.05, "K = " + k + ": " + ll + " after " + previous);
                previous = ll;
            }
            assertTrue(previous > bound + 0.5, "K = 1000 tightens the bound: " + previous + " vs " + bound);
        }
    }

    @Test
    void aModelFileReloadsBitForBit() {
        for (Preprocessing pre : new Preprocessing[] {Preprocessing.images(28, 28).binarize(),
                Preprocessing.images(28, 28)}) {
            Path file = dir.resolve((pre.binarized() ? "binary" : "continuous") + ".nice4j");
            Examples data = pre.examples(new IdxFolder("digits", SyntheticDigits.sharedFolder(600, 100)).train(), 0);
            try (VariationalAutoencoder vae = trained(SMALL, pre, data, 2)) {
                ModelFile.save(vae, Map.of("note", "test"), file);
                ModelFile.Loaded loaded = ModelFile.load(file, Device.cpu());
                try (DensityModel back = loaded.model(); NDManager a = vae.manager().newSubManager();
                        NDManager b = back.manager().newSubManager()) {
                    assertInstanceOf(VariationalAutoencoder.class, back);
                    assertEquals(SMALL, back.architecture());
                    assertEquals(pre, back.preprocessing());
                    assertEquals(vae.parameters().keySet(), back.parameters().keySet());
                    vae.parameters().forEach((name, p) -> assertArrayEquals(p.toFloatArray(),
                            back.parameters().get(name).toFloatArray(), 0f, name));
                    float[] rows = evaluation(data, 5);
                    Scoring scoring = new Scoring(20, 3);
                    assertArrayEquals(
                            vae.scores(Host.array(a, rows, new Shape(5, 784)), Condition.NONE, scoring)
                                    .get(DensityModel.LOG_LIKELIHOOD).toFloatArray(),
                            back.scores(Host.array(b, rows, new Shape(5, 784)), Condition.NONE, scoring)
                                    .get(DensityModel.LOG_LIKELIHOOD).toFloatArray(), 0f);
                }
            }
        }
    }

    @Test
    void theDecoderFollowsTheData() {
        try (VariationalAutoencoder binary = SMALL.create(Preprocessing.images(28, 28).binarize(), Device.cpu(), 1);
                VariationalAutoencoder continuous = SMALL.create(Preprocessing.images(28, 28), Device.cpu(), 1)) {
            assertInstanceOf(DecoderLikelihood.Bernoulli.class, binary.likelihood());
            assertInstanceOf(DecoderLikelihood.Gaussian.class, continuous.likelihood());
            assertTrue(continuous.parameters().containsKey("decoder.log_sigma"));
            assertEquals(binary.parameters().size() + 1, continuous.parameters().size());
        }
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
