package org.nice4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nice4j.InvalidSettingException;
import org.nice4j.data.Condition;

/** The L-VDAE's posterior N(f(x), σ²JJᵀ): its density against its closed-form KL, its estimate against its bound. */
class LinearisedVdaeTest {
    private static final int N = 12;
    private static final Preprocessing DATA = Preprocessing.continuous(N);

    /**
     * The mean importance log-weight (which evaluates log q(z | x) = log N(z; f, σ²C) at each draw) agrees with the
     * closed-form-KL bound over many draws: a wrong log-determinant, σ term or Mahalanobis term would shift it. The
     * estimate lies above the bound and grows with K (1, 10, 100, 1000) up to Monte Carlo error.
     */
    @Test
    void importanceWeightsAverageToTheBoundAndTheEstimateGrowsWithK() {
        LvdaeConfig config = new LvdaeConfig(3, 6, 1, null);
        try (LinearisedVdae model = config.create(DATA, Device.cpu(), 3);
                NDManager scope = model.manager().newSubManager()) {
            VariationalDenoisingAutoencoderTest.randomise(model, new SplittableRandom(4));
            NDArray x = VariationalDenoisingAutoencoderTest.random(scope, new SplittableRandom(5), new Shape(3, N));
            int draws = 2000;
            Map<String, NDArray> scores = model.scores(x, Condition.NONE, new Scoring(draws, 1));
            float[] elboFromWeights = scores.get("elbo_nats").toFloatArray();
            double[] mean = new double[3];
            NDArray rows = x.expandDims(1).broadcast(new Shape(3, draws, N)).reshape(3L * draws, N);
            float[] b = model.elbo(rows, 1, 99).toFloatArray();
            for (int i = 0; i < b.length; i++) {
                mean[i / draws] += b[i] / draws;
            }
            double variance = 0;
            for (int i = 0; i < b.length; i++) {
                variance += Math.pow(b[i] - mean[i / draws], 2) / b.length;
            }
            double sd = Math.sqrt(variance);
            double[][] byK = new double[4][];
            int[] ks = {1, 10, 100, 1000};
            for (int k = 0; k < ks.length; k++) {
                float[] ll = model.scores(x, Condition.NONE, new Scoring(ks[k], 2)).get(DensityModel.LOG_LIKELIHOOD)
                        .toFloatArray();
                byK[k] = new double[] {ll[0], ll[1], ll[2]};
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(mean[i], elboFromWeights[i], 0.05 * (1 + Math.abs(mean[i])), "example " + i);
                assertTrue(byK[3][i] > mean[i], "K = 1000 estimate " + byK[3][i] + " not above the bound " + mean[i]);
                for (int k = 1; k < ks.length; k++) {
                    // Growth holds in expectation; a K-sample estimate wanders by about sd/√K around its mean.
                    double slack = 3 * sd / Math.sqrt(ks[k - 1]);
                    assertTrue(byK[k][i] >= byK[k - 1][i] - slack, "example " + i + ": K = " + ks[k] + " gave "
                            + byK[k][i] + ", K = " + ks[k - 1] + " gave " + byK[k - 1][i]);
                }
            }
        }
    }

    /** The bound's gradient in σ and in an encoder weight against central differences of the bound itself. */
    @Test
    void boundGradientMatchesFiniteDifferences() {
        LvdaeConfig config = new LvdaeConfig(2, 5, 1, null);
        try (LinearisedVdae model = config.create(DATA, Device.cpu(), 6);
                NDManager scope = model.manager().newSubManager()) {
            VariationalDenoisingAutoencoderTest.randomise(model, new SplittableRandom(8));
            NDArray x = VariationalDenoisingAutoencoderTest.random(scope, new SplittableRandom(9), new Shape(4, N));
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                gc.backward(model.elbo(x, 0.7, 3).sum());
            }
            for (String name : new String[] {"noise.log_sigma", "encoder.0.w0", "encoder.1.w"}) {
                NDArray p = model.parameters().get(name);
                float[] grad = p.getGradient().toFloatArray();
                float[] v = p.toFloatArray();
                for (int idx : new int[] {0, v.length / 2}) {
                    // At 1e-2 some ReLU of the encoder or decoder switches within the step; at 1e-3 none does.
                    double h = 1e-3;
                    float[] up = v.clone();
                    up[idx] += (float) h;
                    p.set(up);
                    double fu = model.elbo(x, 0.7, 3).sum().getFloat();
                    float[] down = v.clone();
                    down[idx] -= (float) h;
                    p.set(down);
                    double fd = model.elbo(x, 0.7, 3).sum().getFloat();
                    p.set(v);
                    double expected = (fu - fd) / (2 * h);
                    assertEquals(expected, grad[idx], 0.02 * (1 + Math.abs(expected)), name + "[" + idx + "]");
                }
            }
        }
    }

    @Test
    void latentsMustBeFewerThanTheData() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> new LvdaeConfig(N, 6, 1, null).checkData(DATA));
        assertEquals("latent", e.setting());
        assertThrows(InvalidSettingException.class, () -> new LvdaeConfig(0, 6, 1, null));
        assertThrows(InvalidSettingException.class, () -> new LvdaeConfig(2, 6, 1, -1.0));
    }
}
