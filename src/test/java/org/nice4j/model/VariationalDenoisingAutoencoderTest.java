package org.nice4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nice4j.InvalidSettingException;
import org.nice4j.data.Condition;
import org.nice4j.engine.Host;

/** The VDAE's bound against the flow it generalises (paper appendix A), and its importance weights against its bound. */
class VariationalDenoisingAutoencoderTest {
    private static final int N = 4;
    private static final Preprocessing DATA = Preprocessing.continuous(N);

    /**
     * Appendix A: with q(ε) = N(0, σ²I) and the coupled decoder N(f⁻¹(z), σ²I), one draw of the bound is the flow's
     * exact log p(x + ε) plus n/2 − |ε|²/(2σ²), whose mean over ε is zero, for any σ. The flow is scored by a separate
     * {@link FlowModel} given the VDAE encoder's (randomised) parameters.
     */
    @Test
    void coupledBoundIsTheFlowsLikelihoodOfTheNoisyDataForAnySigma() {
        for (double sigma : new double[] {0.01, 0.3, 2.0}) {
            VdaeConfig config = new VdaeConfig(smallNice(), VdaePosterior.NOISY, VdaeDecoder.COUPLED, sigma, 8, 1);
            try (VariationalDenoisingAutoencoder vdae = config.create(DATA, Device.cpu(), 5);
                    FlowModel flow = FlowModel.create(config.encoder(), DATA, Device.cpu(), 5);
                    NDManager scope = vdae.manager().newSubManager()) {
                randomise(vdae, new SplittableRandom(7));
                vdae.parameters().forEach((name, a) -> {
                    if (name.startsWith("encoder.")) {
                        flow.parameters().get(name.substring("encoder.".length())).set(a.toFloatArray());
                    }
                });
                NDArray x = random(scope, new SplittableRandom(9), new Shape(6, N));
                long seed = 11;
                float[] bound = vdae.elbo(x, 1, seed).toFloatArray();
                NDArray omega = StandardNormals.of(scope, x.getShape(), seed);
                float[] flowLogP = flow.logProb(x.add(omega.mul(sigma))).toFloatArray();
                float[] w = omega.toFloatArray();
                for (int i = 0; i < 6; i++) {
                    double sq = 0;
                    for (int j = 0; j < N; j++) {
                        sq += w[i * N + j] * w[i * N + j];
                    }
                    assertEquals(flowLogP[i] + N / 2.0 - sq / 2, bound[i], 1e-3 * (1 + Math.abs(flowLogP[i])),
                            "σ = " + sigma + ", example " + i);
                }
            }
        }
    }

    /**
     * The importance weights' mean (the bound from the same draws) agrees with the closed-form-entropy bound over many
     * draws, which holds only if log q(z | x) = log q(ε) − log|det ∂f/∂x̃| is right; and the estimate lies above it.
     */
    /**
     * The importance weights' mean (the bound from the same draws) agrees with the closed-form-entropy bound over many
     * draws, which holds only if log q(z | x) = log q(ε) − log|det J| is right, for the noisy posterior and the
     * linearised one; and the estimate lies above it.
     */
    @Test
    void importanceWeightsAverageToTheBound() {
        for (VdaePosterior posterior : VdaePosterior.values()) {
            VdaeConfig config = new VdaeConfig(smallNice(), posterior, VdaeDecoder.DECOUPLED, null, 8, 1);
            try (VariationalDenoisingAutoencoder vdae = config.create(DATA, Device.cpu(), 3);
                    NDManager scope = vdae.manager().newSubManager()) {
                randomise(vdae, new SplittableRandom(4));
                NDArray x = random(scope, new SplittableRandom(5), new Shape(3, N));
                int draws = 1500;
                Map<String, NDArray> scores = vdae.scores(x, Condition.NONE, new Scoring(draws, 1));
                float[] elboFromWeights = scores.get("elbo_nats").toFloatArray();
                float[] ll = scores.get(DensityModel.LOG_LIKELIHOOD).toFloatArray();
                double[] mean = new double[3];
                NDArray rows = x.expandDims(1).broadcast(new Shape(3, draws, N)).reshape(3L * draws, N);
                float[] b = vdae.elbo(rows, 1, 99).toFloatArray();
                for (int i = 0; i < b.length; i++) {
                    mean[i / draws] += b[i] / draws;
                }
                for (int i = 0; i < 3; i++) {
                    assertEquals(mean[i], elboFromWeights[i], 0.05 * (1 + Math.abs(mean[i])),
                            posterior.id() + ", example " + i);
                    assertTrue(ll[i] >= elboFromWeights[i], posterior.id() + ": estimate " + ll[i]
                            + " below the bound " + elboFromWeights[i]);
                }
            }
        }
    }

    @Test
    void coupledDecoderRefusesBinarizedData() {
        VdaeConfig config = new VdaeConfig(smallNice(), VdaePosterior.NOISY, VdaeDecoder.COUPLED, null, 8, 1);
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> config.checkData(Preprocessing.images(2, 2).binarize()));
        assertEquals("decoder", e.setting());
    }

    /**
     * The encoder's data start sees the noisy rows x + σ·ω it trains on: every coordinate of f(x + σ·ω) gets the
     * prior's spread, one the data holds constant included (started from x alone, its scale would fit a spread of 0
     * and multiply the training noise by thousands).
     */
    @Test
    void theEncoderStartsFromTheNoisyRows() {
        double sigma = 0.1;
        VdaeConfig config = new VdaeConfig(smallNice(), VdaePosterior.NOISY, VdaeDecoder.DECOUPLED, sigma, 8, 1);
        try (VariationalDenoisingAutoencoder vdae = config.create(DATA, Device.cpu(), 5);
                FlowModel flow = FlowModel.create(config.encoder(), DATA, Device.cpu(), 5);
                NDManager scope = vdae.manager().newSubManager()) {
            int rows = 500;
            float[] values = random(scope, new SplittableRandom(3), new Shape(rows, N)).toFloatArray();
            for (int i = 0; i < rows; i++) {
                values[i * N + N - 1] = 0.5f;
            }
            NDArray x = Host.array(scope, values, new Shape(rows, N));
            long seed = 13;

            assertTrue(vdae.startFromData(x, seed));

            vdae.parameters().forEach((name, a) -> {
                if (name.startsWith("encoder.")) {
                    flow.parameters().get(name.substring("encoder.".length())).set(a.toFloatArray());
                }
            });
            NDArray h = flow.encode(x.add(StandardNormals.of(scope, x.getShape(), seed).mul(sigma)));
            float[] std = h.sub(h.mean(new int[] {0}, true)).square().mean(new int[] {0}).sqrt().toFloatArray();
            double target = flow.prior().coordinateStd().orElseThrow();
            for (int d = 0; d < N; d++) {
                assertEquals(target, std[d], 1e-3 * target, "spread of latent dimension " + d);
            }
        }
    }

    static ModelConfig smallNice() {
        return Presets.get("nice-toy").flow();
    }

    /** Random values in every parameter, so the flow and decoder are far from their identity starts. */
    static void randomise(DensityModel model, SplittableRandom rng) {
        for (NDArray p : model.parameters().values()) {
            float[] v = p.toFloatArray();
            for (int i = 0; i < v.length; i++) {
                v[i] += (float) rng.nextDouble(-0.3, 0.3);
            }
            p.set(v);
        }
    }

    static NDArray random(NDManager scope, SplittableRandom rng, Shape shape) {
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextDouble(0, 1);
        }
        return Host.array(scope, v, shape);
    }
}
