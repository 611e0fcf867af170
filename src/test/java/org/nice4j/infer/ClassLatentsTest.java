package org.nice4j.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;
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
 * Traversals and style samples of a class-conditional model, checked by encoding what they decode: a traversal
 * moves exactly one latent variable by the stated multiples of its class σ, and style samples keep every variable
 * outside the top ones at the class mean.
 */
class ClassLatentsTest {
    private static final int CLASSES = 3;
    private static final int D = 16;
    private static FlowModel model;
    private static ClassLatents latents;

    /** A 4×4 GIN flow, randomly initialised (not the identity), whose class statistics are fitted to random labelled rows. */
    @BeforeAll
    static void fittedModel() {
        ModelConfig config = new ModelConfig(CouplingKind.GIN, new Layout.Flat(4, PartitionKind.ODD_EVEN),
                new NetworkConfig(8, 1, Init.UNIFORM, 0.2, false), false, PriorKind.CLASS_GAUSSIAN, 2, 3L, CLASSES);
        model = FlowModel.create(config, Preprocessing.images(4, 4), Device.cpu(), 5);
        SplittableRandom rng = new SplittableRandom(2);
        float[][] rows = new float[90][D];
        int[] labels = new int[90];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = i % CLASSES;
            for (int j = 0; j < D; j++) {
                // variable j spreads by (j + 1) / 16 so the importance ranking is known: the last first
                rows[i][j] = (float) (0.5 + labels[i] * 0.1 + (j + 1) / 16.0 * rng.nextGaussian() * 0.2);
            }
        }
        ((ClassConditionalGaussian) model.prior()).fit(model.encode(rows, 50), labels);
        latents = new ClassLatents(model);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void importanceIsTheRmsOfTheClassSpreads() {
        float[][] sigma = ((ClassConditionalGaussian) model.prior()).standardDeviations();
        double[] importance = latents.importance();
        for (int j = 0; j < D; j++) {
            double ms = 0;
            for (float[] ofClass : sigma) {
                ms += ofClass[j] * ofClass[j] / (double) CLASSES;
            }
            assertEquals(Math.sqrt(ms), importance[j], 1e-6);
        }
        int[] ranking = latents.ranking();
        for (int r = 1; r < D; r++) {
            assertTrue(importance[ranking[r - 1]] >= importance[ranking[r]], "sorted at rank " + r);
        }
    }

    @Test
    void aTraversalMovesOneVariableByMultiplesOfItsClassSigma() {
        int variable = latents.ranking()[0];
        ClassLatents.Traversal t = latents.traverse(variable);
        float[][] mu = ((ClassConditionalGaussian) model.prior()).means();
        float[][] sigma = ((ClassConditionalGaussian) model.prior()).standardDeviations();
        for (int k = 0; k < CLASSES; k++) {
            float[][] h = model.encode(t.images()[k]);
            for (int s = 0; s < ClassLatents.STEPS; s++) {
                double step = -ClassLatents.RANGE + 2 * ClassLatents.RANGE * s / (ClassLatents.STEPS - 1);
                for (int j = 0; j < D; j++) {
                    double expected = mu[k][j] + (j == variable ? step * sigma[k][j] : 0);
                    assertEquals(expected, h[s][j], tolerance(expected), "class " + k + ", step " + s + ", variable " + j);
                }
            }
            float[] minus = model.decode(new float[][] {shifted(mu[k], variable, -sigma[k][variable])})[0];
            float[] plus = model.decode(new float[][] {shifted(mu[k], variable, sigma[k][variable])})[0];
            for (int j = 0; j < D; j++) {
                assertEquals(Math.abs(plus[j] - minus[j]), t.heatmaps()[k][j], tolerance(plus[j]), "heatmap pixel " + j);
            }
        }
        assertThrows(NiceException.class, () -> latents.traverse(D));
    }

    @Test
    void aClassRanksItsVariablesByItsOwnSpread() {
        float[][] sigma = ((ClassConditionalGaussian) model.prior()).standardDeviations();
        for (int k = 0; k < CLASSES; k++) {
            int[] ranking = latents.ranking(k);
            assertEquals(D, ranking.length);
            assertEquals(sigma[k][ranking[0]], latents.spread(k)[ranking[0]]);
            for (int r = 1; r < D; r++) {
                assertTrue(sigma[k][ranking[r - 1]] >= sigma[k][ranking[r]], "class " + k + ", rank " + r);
            }
        }
        assertThrows(InvalidSettingException.class, () -> latents.ranking(CLASSES));
    }

    @Test
    void decodingASliderPointMovesOnlyItsVariablesByTheirClassSigma() {
        int[] variables = {latents.ranking()[0], latents.ranking()[1]};
        double[] offsets = {1.5, -0.5};
        int k = 1;
        float[] h = model.encode(new float[][] {latents.decode(k, variables, offsets)})[0];
        float[][] mu = ((ClassConditionalGaussian) model.prior()).means();
        float[][] sigma = ((ClassConditionalGaussian) model.prior()).standardDeviations();
        for (int j = 0; j < D; j++) {
            double expected = mu[k][j] + (j == variables[0] ? 1.5 * sigma[k][j] : j == variables[1] ? -0.5 * sigma[k][j] : 0);
            assertEquals(expected, h[j], tolerance(expected), "variable " + j);
        }
        assertThrows(InvalidSettingException.class, () -> latents.decode(CLASSES, variables, offsets));
        assertThrows(InvalidSettingException.class, () -> latents.decode(0, new int[] {D}, new double[] {1}));
        assertThrows(NiceException.class, () -> latents.decode(0, variables, new double[] {1}));
    }

    @Test
    void styleSamplesShareOneWhitenedCodeAcrossClassesOnTheTopVariablesOnly() {
        int top = 3;
        int rows = 4;
        float[][] samples = latents.styleSamples(top, rows, 0.8, 7);
        assertEquals(rows * CLASSES, samples.length);
        assertArrayEquals(samples[5], latents.styleSamples(top, rows, 0.8, 7)[5], "seeded");
        float[][] mu = ((ClassConditionalGaussian) model.prior()).means();
        float[][] sigma = ((ClassConditionalGaussian) model.prior()).standardDeviations();
        int[] ranking = latents.ranking();
        float[][] h = model.encode(samples);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < D; j++) {
                boolean sampled = j == ranking[0] || j == ranking[1] || j == ranking[2];
                double z0 = (h[r * CLASSES][j] - mu[0][j]) / sigma[0][j];
                for (int k = 0; k < CLASSES; k++) {
                    double z = (h[r * CLASSES + k][j] - mu[k][j]) / sigma[k][j];
                    if (sampled) {
                        assertEquals(z0, z, 2e-3, "row " + r + " shares its code on variable " + j);
                    } else {
                        assertEquals(mu[k][j], h[r * CLASSES + k][j], tolerance(mu[k][j]), "variable " + j + " at the mean");
                    }
                }
            }
        }
    }

    /** float32 round trips through a perturbed flow agree to about 1e-5 of the magnitude (batching changes sums). */
    private static double tolerance(double value) {
        return 1e-4 * Math.max(1, Math.abs(value));
    }

    private static float[] shifted(float[] mean, int variable, float by) {
        float[] h = mean.clone();
        h[variable] += by;
        return h;
    }
}
