package org.nice4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nice4j.Engines;

/** The update rules against the formulas, computed by hand in double precision. */
class OptimizerTest {

    /** Runs three steps of the rule on f(θ) = Σ c·θ² and returns θ after each. */
    private static float[][] run(Function<Map<String, NDArray>, Optimizer> rule, float[] theta0, float c,
            double lr, double momentum) {
        try (NDManager m = Engines.cpu()) {
            NDArray theta = m.create(theta0);
            theta.setRequiresGradient(true);
            Optimizer opt = rule.apply(Map.of("theta", theta));
            float[][] out = new float[3][];
            for (int i = 0; i < 3; i++) {
                try (NDManager scope = m.newSubManager(); GradientCollector gc =
                        Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray loss = theta.square().mul(c).sum();
                    loss.attach(scope);
                    gc.backward(loss);
                }
                opt.step(lr, momentum);
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

    @Test
    void adamFollowsTheBiasCorrectedRule() {
        float[] theta0 = {1.0f, -0.5f};
        double lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        float[][] got = run(p -> new Adam(p, b1, b2, eps), theta0, 1f, lr, 0);
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
}
