package org.nice4j.prior;

import org.nice4j.engine.Host;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nice4j.Gaussian;
import org.nice4j.NiceException;
import org.nice4j.transform.Scope;

/**
 * GIN's latent model (eq. 7): given class u, the latent h is a diagonal Gaussian N(μ(u), diag σ²(u)), so
 * log p(h | u) = −½ Σ_i [(h_i − μ_i(u))² / σ_i²(u) + log σ_i²(u) + log 2π]. The means and variances come from one
 * of two {@link Moments} sources. Either way the model keeps per-class statistics (means, log-variances) so that a
 * given class can be sampled; in {@link Moments#MINIBATCH} mode they are set by {@link #fit} on the training data.
 */
public final class ClassConditionalGaussian implements ConditionalPrior {
    private static final double LOG_TWO_PI = Math.log(2 * Math.PI);
    /** Added to minibatch variances: a class seen once in a batch has variance 0 and would give log σ² = −∞. */
    static final double VARIANCE_FLOOR = 1e-6;

    /** Where the per-class means and variances in {@link #logProb} come from. */
    public enum Moments {
        /** Trainable parameters, updated with the flow's weights (GIN App. D.1 expects this to work as well). */
        LEARNED,
        /**
         * GIN's method (App. D.1): the mean and (population) variance of each class's latents within the current
         * minibatch, as differentiable functions of the flow; the stored statistics are not used for the density.
         */
        MINIBATCH
    }

    private final int classes;
    private final int dimension;
    private final Moments moments;
    private final NDArray means; // (classes, dimension)
    private final NDArray logVariances; // (classes, dimension)

    /** Starts every class at N(0, I); the arrays live in {@code manager}, the model's. */
    public ClassConditionalGaussian(NDManager manager, int classes, int dimension, Moments moments) {
        if (classes < 1 || dimension < 1) {
            throw new IllegalArgumentException("need classes >= 1 and dimension >= 1, got " + classes + ", " + dimension);
        }
        this.classes = classes;
        this.dimension = dimension;
        this.moments = moments;
        this.means = manager.zeros(new Shape(classes, dimension));
        this.logVariances = manager.zeros(new Shape(classes, dimension));
        if (moments == Moments.LEARNED) {
            means.setRequiresGradient(true);
            logVariances.setRequiresGradient(true);
        }
    }

    @Override
    public int classes() {
        return classes;
    }

    public Moments moments() {
        return moments;
    }

    @Override
    public NDArray logProb(NDArray h, NDArray labels) {
        NDArray oneHot = oneHot(labels, h);
        NDArray mu;
        NDArray logVar;
        if (moments == Moments.LEARNED) {
            mu = oneHot.matMul(means);
            logVar = oneHot.matMul(logVariances);
        } else {
            ClassMoments m = classMoments(h, oneHot);
            mu = oneHot.matMul(m.means);
            logVar = oneHot.matMul(m.variances.add(VARIANCE_FLOOR).log());
        }
        NDArray z2 = h.sub(mu).square().mul(logVar.neg().exp());
        return Host.times(z2.add(logVar).add(LOG_TWO_PI).sum(new int[] {1}), -0.5);
    }

    /**
     * Sets the stored statistics to each class's mean and log of its population variance (plus the floor) in
     * {@code h}: after training in {@link Moments#MINIBATCH} mode, pass the whole training set's latents so the
     * model can sample each class. In {@link Moments#LEARNED} mode this overwrites the learned values (a data-based
     * initialisation). Every class must occur in {@code labels}.
     */
    public void fit(NDArray h, NDArray labels) {
        try (NDManager scope = h.getManager().newSubManager()) {
            NDArray latents = h.stopGradient();
            latents.attach(scope);
            NDArray oneHot = oneHot(labels, latents);
            float[] counts = oneHot.sum(new int[] {0}).toFloatArray();
            for (int k = 0; k < classes; k++) {
                if (counts[k] == 0) {
                    throw new NiceException("class " + k + " has no examples to estimate its statistics from");
                }
            }
            ClassMoments m = classMoments(latents, oneHot);
            overwrite(means, m.means);
            overwrite(logVariances, m.variances.add(VARIANCE_FLOOR).log());
        }
    }

    @Override
    public NDArray sample(NDManager manager, int label, int n, double temperature, SplittableRandom rng) {
        if (label < 0 || label >= classes) {
            throw new NiceException("class " + label + " outside 0.." + (classes - 1));
        }
        float[] mean = means()[label];
        float[] std = standardDeviations()[label];
        float[] h = new float[n * dimension];
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) (mean[i % dimension] + temperature * std[i % dimension] * Gaussian.next(rng));
        }
        return Host.array(manager, h, new Shape(n, dimension));
    }

    /** Stored per-class means, [class][dimension]. */
    public float[][] means() {
        return rows(means);
    }

    /** Stored per-class standard deviations σ(u), [class][dimension]. */
    public float[][] standardDeviations() {
        float[][] std = rows(logVariances);
        for (float[] row : std) {
            for (int d = 0; d < row.length; d++) {
                row[d] = (float) Math.exp(0.5 * row[d]);
            }
        }
        return std;
    }

    @Override
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> p = new LinkedHashMap<>();
        if (moments == Moments.LEARNED) {
            p.put("means", means);
            p.put("log_variances", logVariances);
        }
        return p;
    }

    private record ClassMoments(NDArray means, NDArray variances) {}

    /**
     * Per-class mean and population variance of the rows of h, as (classes, dimension) arrays computed with matrix
     * products against the one-hot labels (differentiable, no per-class loop). Classes absent from the batch get
     * zeros; no example refers to them.
     */
    private ClassMoments classMoments(NDArray h, NDArray oneHot) {
        NDArray counts = oneHot.sum(new int[] {0}).maximum(1f).reshape(classes, 1);
        NDArray classMeans = oneHot.transpose().matMul(h).div(counts);
        NDArray deviations = h.sub(oneHot.matMul(classMeans)).square();
        NDArray classVariances = oneHot.transpose().matMul(deviations).div(counts);
        return new ClassMoments(classMeans, classVariances);
    }

    private NDArray oneHot(NDArray labels, NDArray batch) {
        if (labels.getShape().dimension() != 1 || labels.getShape().get(0) != batch.getShape().get(0)) {
            throw new NiceException("expected " + batch.getShape().get(0) + " labels, got shape " + labels.getShape());
        }
        NDArray index = Scope.like(batch, labels.toType(DataType.INT64, true));
        return index.oneHot(classes).toType(batch.getDataType(), false);
    }

    private static void overwrite(NDArray target, NDArray value) {
        target.muli(0).addi(value);
    }

    private static float[][] rows(NDArray a) {
        int r = Math.toIntExact(a.getShape().get(0));
        int c = Math.toIntExact(a.getShape().get(1));
        float[] flat = a.toFloatArray();
        float[][] out = new float[r][c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(flat, i * c, out[i], 0, c);
        }
        return out;
    }
}
