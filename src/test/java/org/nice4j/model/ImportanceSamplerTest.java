package org.nice4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nice4j.Engines;
import org.nice4j.engine.Host;

/**
 * The estimator on a linear-Gaussian model, z ~ N(0, I₂), x | z ~ N(Wz + b, σ²I₃), whose evidence is known in
 * closed form: p(x) = N(x; b, WWᵀ + σ²I).
 */
class ImportanceSamplerTest {
    private static final double SIGMA = 0.5;
    private static final SimpleMatrix W = new SimpleMatrix(new double[][] {{1.0, -0.5}, {0.3, 0.8}, {-0.7, 0.2}});
    private static final SimpleMatrix B = new SimpleMatrix(new double[][] {{0.1}, {-0.2}, {0.3}});
    private static final double[][] X = {{0.5, 0.4, -0.9}, {-1.2, 0.3, 0.8}, {2.0, -1.0, 0.1}};
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = Engines.cpu();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static double closedForm(double[] x) {
        SimpleMatrix cov = W.mult(W.transpose()).plus(SimpleMatrix.identity(3).scale(SIGMA * SIGMA));
        SimpleMatrix d = new SimpleMatrix(3, 1, true, x).minus(B);
        double quad = d.transpose().mult(cov.invert()).mult(d).get(0, 0);
        return -0.5 * (3 * Math.log(2 * Math.PI) + Math.log(cov.determinant()) + quad);
    }

    /**
     * A Gaussian proposal z = A(x − b) + c + Lε: the exact posterior when A, c and L are the posterior's, a poorer one
     * otherwise.
     */
    private record LinearGaussian(SimpleMatrix a, SimpleMatrix c, SimpleMatrix l) implements ImportanceSampler.Weights {
        static LinearGaussian exactPosterior() {
            SimpleMatrix cov = SimpleMatrix.identity(2).plus(W.transpose().mult(W).scale(1 / (SIGMA * SIGMA))).invert();
            return new LinearGaussian(cov.mult(W.transpose()).scale(1 / (SIGMA * SIGMA)), new SimpleMatrix(2, 1),
                    cholesky(cov));
        }

        /** The lower-triangular L with LLᵀ = s, for a 2 × 2 symmetric positive-definite s. */
        private static SimpleMatrix cholesky(SimpleMatrix s) {
            double l00 = Math.sqrt(s.get(0, 0));
            double l10 = s.get(1, 0) / l00;
            return new SimpleMatrix(new double[][] {{l00, 0}, {l10, Math.sqrt(s.get(1, 1) - l10 * l10)}});
        }

        static LinearGaussian mismatched() {
            LinearGaussian exact = exactPosterior();
            return new LinearGaussian(exact.a().scale(0.6), new SimpleMatrix(new double[][] {{0.3}, {-0.2}}),
                    SimpleMatrix.diag(0.9, 1.3));
        }

        @Override
        public int noiseDimension() {
            return 2;
        }

        @Override
        public NDArray logWeights(NDArray x, NDArray noise) {
            NDManager m = noise.getManager();
            NDArray mean = x.sub(matrix(m, B.transpose())).matMul(matrix(m, a.transpose())).add(matrix(m, c.transpose()))
                    .expandDims(1);
            NDArray z = noise.matMul(matrix(m, l.transpose())).add(mean);
            NDArray fit = z.matMul(matrix(m, W.transpose())).add(matrix(m, B.transpose()));
            NDArray logLikelihood = x.expandDims(1).sub(fit).square().sum(new int[] {-1}).mul(-0.5 / (SIGMA * SIGMA))
                    .sub(3 * (Math.log(SIGMA) + 0.5 * Math.log(2 * Math.PI)));
            double logDetL = Math.log(Math.abs(l.determinant()));
            return logLikelihood.add(normal(z)).sub(normal(noise).sub(logDetL));
        }

        private static NDArray normal(NDArray v) {
            return v.square().sum(new int[] {-1}).mul(-0.5).sub(Math.log(2 * Math.PI));
        }

        private static NDArray matrix(NDManager m, SimpleMatrix s) {
            float[] v = new float[s.getNumRows() * s.getNumCols()];
            for (int i = 0; i < s.getNumRows(); i++) {
                for (int j = 0; j < s.getNumCols(); j++) {
                    v[i * s.getNumCols() + j] = (float) s.get(i, j);
                }
            }
            return Host.array(m, v, new Shape(s.getNumRows(), s.getNumCols()));
        }
    }

    private static float[] estimate(ImportanceSampler.Weights model, int k, long seed) {
        try (NDManager scope = manager.newSubManager()) {
            return ImportanceSampler.estimate(model, Host.matrix(scope, floats(X)), new Scoring(k, seed))
                    .logLikelihood();
        }
    }

    @Test
    void withTheExactPosteriorEveryWeightIsTheEvidence() {
        for (int k : new int[] {1, 7, 20_000}) {
            float[] ll = estimate(LinearGaussian.exactPosterior(), k, 1);
            for (int i = 0; i < X.length; i++) {
                assertEquals(closedForm(X[i]), ll[i], 1e-4, "K = " + k + ", example " + i);
            }
        }
    }

    @Test
    void withAPoorerProposalTheEstimateConvergesToTheEvidenceFromBelow() {
        double[] gaps = new double[3];
        int[] ks = {1, 100, 20_000};
        for (int t = 0; t < ks.length; t++) {
            for (int seed = 0; seed < 5; seed++) {
                float[] ll = estimate(LinearGaussian.mismatched(), ks[t], seed);
                for (int i = 0; i < X.length; i++) {
                    gaps[t] += (closedForm(X[i]) - ll[i]) / (5.0 * X.length);
                }
            }
        }
        assertTrue(gaps[0] > 0.2, "one sample is a lower bound with a visible gap: " + gaps[0]);
        assertTrue(gaps[1] < gaps[0] && gaps[2] < gaps[1], "the gap shrinks with K: " + java.util.Arrays.toString(gaps));
        assertEquals(0, gaps[2], 0.01, "and vanishes");
    }

    @Test
    void anExamplesEstimateDoesNotDependOnItsBatch() {
        float[] all = estimate(LinearGaussian.mismatched(), 50, 3);
        try (NDManager scope = manager.newSubManager()) {
            float[] last = ImportanceSampler.estimate(LinearGaussian.mismatched(),
                    Host.matrix(scope, floats(new double[][] {X[0]})), new Scoring(50, 3)).logLikelihood();
            assertEquals(all[0], last[0], 0f);
        }
    }

    private static float[][] floats(double[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = new float[rows[i].length];
            for (int j = 0; j < rows[i].length; j++) {
                out[i][j] = (float) rows[i][j];
            }
        }
        return out;
    }
}
