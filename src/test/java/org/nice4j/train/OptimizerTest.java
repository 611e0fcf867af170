package org.nice4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nice4j.Engines;

/** The update rules against the formulas, computed by hand in double precision. */
class OptimizerTest {
    /** Arrays of several of the fused kernels' 131,072-element chunks with a ragged end, a 2-D one, a tiny one. */
    private static final Shape[] RAGGED = {new Shape(2 * 131_072 + 17), new Shape(301, 437), new Shape(3)};

    /** Runs three steps of the rule on f(θ) = Σ c·θ² and returns θ after each. */
    private static float[][] run(Function<Map<String, NDArray>, Optimizer> rule, float[] theta0, float c,
            double lr, double momentum) {
        try (NDManager m = Engines.cpu()) {
            NDArray theta = m.create(theta0);
            theta.setRequiresGradient(true);
            Optimizer opt = rule.apply(Map.of("theta", theta));
            float[][] out = new float[3][];
            for (int i = 0; i < 3; i++) {
                try (NDManager scope = m.newSubManager()) {
                    NDArray loss;
                    try (GradientCollector recording = Engine.getEngine("PyTorch").newGradientCollector()) {
                        loss = theta.square().mul(c).sum();
                        loss.attach(scope);
                    }
                    opt.step(loss, lr, momentum);
                }
                out[i] = theta.toFloatArray();
            }
            return out;
        }
    }

    @Test
    void rmsPropMomentumFollowsThePylearn2Rule() {
        float[] theta0 = {1.0f, -0.002f, 0.3f};
        float c = 0.5f;
        double lr = 0.01, momentum = 0.5, decay = 0.95, floor = 0.01;
        float[][] got = run(p -> new RmsPropMomentum(p, decay, 100), theta0, c, lr, momentum);
        double[] theta = {1.0, -0.002, 0.3};
        double[] a = new double[3];
        double[] v = new double[3];
        for (int step = 0; step < 3; step++) {
            for (int i = 0; i < 3; i++) {
                double g = 2 * c * theta[i];
                a[i] = decay * a[i] + (1 - decay) * g * g;
                v[i] = momentum * v[i] - lr * g / Math.max(Math.sqrt(a[i]), floor);
                theta[i] += v[i];
                assertEquals(theta[i], got[step][i], 1e-6, "step " + step + " coordinate " + i);
            }
        }
    }

    /**
     * The fused kernel walks arrays in chunks of 131,072; sizes that are not multiples (one array of several chunks
     * and a ragged end, one 2-D, one tiny) against the formula evaluated in float32 here, one rounding per operation
     * in the formula's order. Products, sums and the quotient are correctly rounded on both sides; libtorch's
     * vectorised float32 square root is only accurate to about an ulp (it runs through a vector math library), so
     * the scaled step, never larger than lr/√(1−β) since a ≥ (1−β)·g², may differ in its last bits; that
     * difference flows through the momentum into velocity and parameters, and once the operands differ each step's
     * rounding may too. Hence, after n steps, n times (an ulp of the value plus 16 ulps of the largest step). The
     * gradient is a fresh random array each step (loss = Σ r·θ), so the test also shows that the parameters stay
     * leaves the engine differentiates step after step.
     */
    @Test
    void fusedRmsPropMomentumMatchesTheFormulaInFloat32OnRaggedArrays() {
        float decay = 0.95f, rest = (float) (1 - 0.95), floor = 0.01f, lr = 0.003f, momentum = 0.6f;
        Random random = new Random(11);
        try (NDManager m = Engines.cpu()) {
            float[][] theta = new float[RAGGED.length][];
            Map<String, NDArray> params = raggedParameters(m, theta, random);
            Optimizer opt = new RmsPropMomentum(params, 0.95, 100);
            float[][] a = new float[RAGGED.length][];
            float[][] v = new float[RAGGED.length][];
            for (int k = 0; k < RAGGED.length; k++) {
                a[k] = new float[theta[k].length];
                v[k] = new float[theta[k].length];
            }
            for (int step = 0; step < 4; step++) {
                float[][] g = stepAlongRandomGradients(opt, m, params, random, lr, momentum);
                for (int k = 0; k < RAGGED.length; k++) {
                    for (int i = 0; i < theta[k].length; i++) {
                        a[k][i] = a[k][i] * decay + g[k][i] * g[k][i] * rest;
                        float scaled = g[k][i] / Math.max((float) Math.sqrt(a[k][i]), floor) * lr;
                        v[k][i] = v[k][i] * momentum - scaled;
                        theta[k][i] = theta[k][i] + v[k][i];
                    }
                    NDArray p = params.get("p" + k);
                    float slack = 16 * Math.ulp(lr / (float) Math.sqrt(rest));
                    int n = step + 1;
                    assertClose(theta[k], p.toFloatArray(), n, slack, "parameter " + k + " step " + step);
                    Map<String, NDArray> state = opt.state();
                    // addcmul may fuse a·β + (1−β)·g·g into multiply-adds, rounding differently from the formula
                    // by up to an ulp more a step
                    assertClose(a[k], state.get("p" + k + "/mean_square").toFloatArray(), 2 * n, slack, "mean square");
                    assertClose(v[k], state.get("p" + k + "/velocity").toFloatArray(), n, slack, "velocity " + k);
                }
            }
        }
    }

    /**
     * The fused Adam kernel on the same ragged arrays, against the formula in float32 here, one rounding per operation
     * in the formula's order. libtorch's kernel folds m by one fused multiply-add (lerp), divides √v by √(1−β₂ᵗ) before
     * adding its ε and applies the two bias corrections separately, so m, v and θ may each differ from this order by
     * a few last bits a step: the step m/(√v + ε) is at most about 1 in size, so the slack is n times an ulp of the
     * value plus 16 ulps of the largest step, lr (and 4 ulps of the largest gradient term for m and v).
     */
    @Test
    void fusedAdamMatchesTheFormulaInFloat32OnRaggedArrays() {
        double beta1 = 0.9, beta2 = 0.999, eps = 1e-8, lr = 0.003;
        Random random = new Random(12);
        try (NDManager m = Engines.cpu()) {
            float[][] theta = new float[RAGGED.length][];
            Map<String, NDArray> params = raggedParameters(m, theta, random);
            Optimizer opt = new Adam(params, beta1, beta2, eps, 0);
            float[][] first = new float[RAGGED.length][];
            float[][] second = new float[RAGGED.length][];
            for (int k = 0; k < RAGGED.length; k++) {
                first[k] = new float[theta[k].length];
                second[k] = new float[theta[k].length];
            }
            for (int step = 1; step <= 4; step++) {
                float[][] g = stepAlongRandomGradients(opt, m, params, random, lr, 0);
                float rate = (float) (lr * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step)));
                for (int k = 0; k < RAGGED.length; k++) {
                    for (int i = 0; i < theta[k].length; i++) {
                        first[k][i] = first[k][i] * (float) beta1 + g[k][i] * (float) (1 - beta1);
                        second[k][i] = second[k][i] * (float) beta2 + g[k][i] * g[k][i] * (float) (1 - beta2);
                        float scaled = first[k][i] / ((float) Math.sqrt(second[k][i]) + (float) eps) * rate;
                        theta[k][i] = theta[k][i] - scaled;
                    }
                    NDArray p = params.get("p" + k);
                    float slack = 16 * Math.ulp((float) lr);
                    assertClose(theta[k], p.toFloatArray(), step, slack, "parameter " + k + " step " + step);
                    float moments = 4 * Math.ulp(1f);
                    assertClose(first[k], opt.state().get("p" + k + "/m").toFloatArray(), step, moments, "m " + k);
                    assertClose(second[k], opt.state().get("p" + k + "/v").toFloatArray(), step, moments, "v " + k);
                }
            }
        }
    }

    /** Random parameters of the {@link #RAGGED} shapes, named p0, p1, …; their values also go into {@code theta}. */
    private static Map<String, NDArray> raggedParameters(NDManager m, float[][] theta, Random random) {
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (int k = 0; k < RAGGED.length; k++) {
            theta[k] = gaussian(random, (int) RAGGED[k].size());
            NDArray p = m.create(theta[k], RAGGED[k]);
            p.setRequiresGradient(true);
            params.put("p" + k, p);
        }
        return params;
    }

    /** One step of {@code opt} along fresh random gradients (loss = Σ r·θ); returns those gradients. */
    private static float[][] stepAlongRandomGradients(Optimizer opt, NDManager m, Map<String, NDArray> params,
            Random random, double lr, double momentum) {
        float[][] g = new float[RAGGED.length][];
        try (NDManager scope = m.newSubManager()) {
            NDArray loss = null;
            try (GradientCollector recording = Engine.getEngine("PyTorch").newGradientCollector()) {
                for (int k = 0; k < RAGGED.length; k++) {
                    g[k] = gaussian(random, (int) RAGGED[k].size());
                    NDArray term = params.get("p" + k).mul(scope.create(g[k], RAGGED[k])).sum();
                    loss = loss == null ? term : loss.add(term);
                }
            }
            opt.step(loss, lr, momentum);
        }
        return g;
    }

    private static float[] gaussian(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private static void assertClose(float[] expected, float[] got, int steps, float slack, String what) {
        assertEquals(expected.length, got.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], steps * (Math.ulp(expected[i]) + slack), what + " element " + i);
        }
    }

    @Test
    void adamFollowsTheBiasCorrectedRule() {
        float[] theta0 = {1.0f, -0.5f};
        double lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        float[][] got = run(p -> new Adam(p, b1, b2, eps, 0), theta0, 1f, lr, 0);
        double[] theta = {1.0, -0.5};
        double[] m = new double[2];
        double[] v = new double[2];
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < 2; i++) {
                double g = 2 * theta[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                theta[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
                assertEquals(theta[i], got[t - 1][i], 1e-5, "step " + t + " coordinate " + i);
            }
        }
    }

    @Test
    void scheduleIsThePapersExponentialDecayWithFloorAndMomentumFromEpochFive() {
        TrainingConfig c = TrainingConfig.paper(10, 0);
        assertEquals(1e-3, c.learningRateAt(0, 0, List.of()), 0);
        assertEquals(1e-3 / Math.pow(1.0005, 1000), c.learningRateAt(1000, 0, List.of()), 1e-12);
        assertEquals(1e-4, c.learningRateAt(100_000, 0, List.of()), 0);
        assertArrayEquals(new double[] {0, 0, 0, 0, 0.5, 0.5},
                java.util.stream.IntStream.range(0, 6).mapToDouble(c.optimizer()::momentumAt).toArray());
    }

    /**
     * AdamW's decay, apart from the adaptive step: along zero gradients Adam's own step is 0 (m stays 0), so a weight
     * matrix shrinks by exactly the float32 product θ·(1 − lr·λ) a step, while a vector (a bias, a log-scale) is not
     * touched, bit for bit.
     */
    @Test
    void weightDecayShrinksMatricesOnlyByTheRateTimesLambda() {
        double lr = 0.01, lambda = 0.5;
        try (NDManager m = Engines.cpu()) {
            float[] w = {1f, -2f, 0.25f, 3f, -0.5f, 7f};
            float[] b = {1f, -2f, 0.25f};
            Map<String, NDArray> params = new LinkedHashMap<>();
            params.put("w", m.create(w, new Shape(2, 3)));
            params.put("b", m.create(b));
            Optimizer opt = OptimizerSettings.Adam.standard(lambda).create(params);
            float[] expected = w.clone();
            for (int step = 0; step < 3; step++) {
                opt.step(new NDArray[] {m.zeros(new Shape(2, 3)), m.zeros(new Shape(3))}, lr, 0);
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = expected[i] * (float) (1 - lr * lambda);
                }
            }
            assertArrayEquals(expected, params.get("w").toFloatArray(), 1e-6f);
            assertArrayEquals(b, params.get("b").toFloatArray(), 0f);
        }
    }
}
