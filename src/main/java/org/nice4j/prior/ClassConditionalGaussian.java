package org.nice4j.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nice4j.Gaussian;
import org.nice4j.NiceException;
import org.nice4j.data.Condition;
import org.nice4j.data.Examples;
import org.nice4j.engine.Host;
import org.nice4j.engine.Scope;

/**
 * GIN's latent model (eq. 7): given class u, the latent h is a diagonal Gaussian N(μ(u), diag σ²(u)), so
 * log p(h | u) = −½ Σ_i [(h_i − μ_i(u))² / σ_i²(u) + log σ_i²(u) + log 2π]. The means and variances come from one
 * of two {@link Moments} sources. Either way the model keeps per-class statistics (means, log-variances) so that a
 * given class can be sampled; in {@link Moments#MINIBATCH} mode they are set by {@link #fit} on the training data.
 *
 * <p>Without a label it is the equal-weight mixture of its classes, p(h) = (1/M) Σ_u p(h | u) with the stored
 * statistics: a proper unconditional density, so a class-conditional flow scores, samples and inpaints like any other.
 */
public final class ClassConditionalGaussian implements Prior {
    /** Prior ids in model files: GIN's minibatch moments, and learned moments. */
    public static final String MINIBATCH_ID = "class-gaussian";
    public static final String LEARNED_ID = "class-gaussian-learned";

    /**
     * How many training examples (the first ones) estimate the statistics after each epoch when training uses
     * minibatch moments: about a thousand per MNIST class, for a fraction of an epoch's cost.
     */
    static final int FIT_EXAMPLES = 10_000;

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

    /** M, the number of classes; labels are 0..M−1. */
    @Override
    public int classes() {
        return classes;
    }

    public Moments moments() {
        return moments;
    }

    @Override
    public String id() {
        return moments == Moments.MINIBATCH ? MINIBATCH_ID : LEARNED_ID;
    }

    /**
     * With labels, log p(h | u) from the stored statistics whatever the moments mode (how a trained model scores by
     * class); without, the mixture of the classes (see {@link #mixtureLogProb}).
     */
    @Override
    public NDArray logProb(NDArray h, Condition condition) {
        return condition instanceof Condition.Labels labels ? storedLogProb(h, labels) : mixtureLogProb(h);
    }

    /**
     * log p(h | u) as GIN trains it: with {@link Moments#MINIBATCH} the means and variances of each class's latents
     * in this batch, else the learned statistics. Needs labels.
     */
    @Override
    public NDArray trainingLogProb(NDArray h, Condition condition) {
        Condition.Labels labels = labelsOf(condition);
        if (moments == Moments.LEARNED) {
            return storedLogProb(h, labels);
        }
        NDArray oneHot = oneHot(labels, h);
        ClassMoments m = classMoments(h, oneHot);
        return gaussian(h, oneHot.matMul(m.means), oneHot.matMul(Host.plus(m.variances, VARIANCE_FLOOR).log()));
    }

    private NDArray storedLogProb(NDArray h, Condition.Labels labels) {
        NDArray oneHot = oneHot(labels, h);
        return gaussian(h, oneHot.matMul(means), oneHot.matMul(logVariances));
    }

    /** Σ_d log N(h_d; μ_d, exp(logVar_d)) per row. */
    private static NDArray gaussian(NDArray h, NDArray mu, NDArray logVar) {
        NDArray z2 = h.sub(mu).square().mul(logVar.neg().exp());
        return Host.times(Host.plus(z2.add(logVar), LOG_TWO_PI).sum(new int[] {1}), -0.5);
    }

    /** log p(h) = log (1/M) Σ_u N(h; μ(u), σ²(u)) with the stored statistics, by a log-sum-exp over the classes. */
    private NDArray mixtureLogProb(NDArray h) {
        NDArray perClass = classLogProbs(h);
        NDArray top = perClass.max(new int[] {1}, true);
        NDArray logSum = perClass.sub(top).exp().sum(new int[] {1}).log().add(top.squeeze(1));
        return Host.plus(logSum, -Math.log(classes));
    }

    /**
     * log N(h; μ(u), σ²(u)) with the stored statistics for every class u, shape (batch, classes), computed on
     * (batch, classes, dimension) differences (no expansion of the square, which loses the small variances of noise
     * dimensions to cancellation in float32). Its row-wise argmax classifies h.
     */
    public NDArray classLogProbs(NDArray h) {
        NDArray mu = Scope.like(h, means.expandDims(0));
        NDArray logVar = Scope.like(h, logVariances.expandDims(0));
        NDArray z2 = h.expandDims(1).sub(mu).square().mul(logVar.neg().exp());
        return Host.times(Host.plus(z2.add(logVar), LOG_TWO_PI).sum(new int[] {2}), -0.5);
    }

    /**
     * Row i ~ N(μ(u_i), T² σ²(u_i)) with the stored statistics, where u_i is the condition's label i, or without
     * labels a class drawn uniformly for every row (a draw from the mixture).
     */
    @Override
    public NDArray sample(NDManager manager, int n, int dimension, double temperature, SplittableRandom rng,
            Condition condition) {
        if (dimension != this.dimension) {
            throw new NiceException("this prior has dimension " + this.dimension + ", asked for " + dimension);
        }
        int[] labels;
        if (condition instanceof Condition.Labels given) {
            labels = checkedLabels(given);
            if (labels.length != n) {
                throw new NiceException(n + " samples asked for with " + labels.length + " labels");
            }
        } else {
            labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = rng.nextInt(classes);
            }
        }
        return Host.array(manager, draw(labels, temperature, rng), new Shape(n, dimension));
    }

    /** Fails before the first step, not after an epoch, when the labels cannot serve this prior. */
    @Override
    public void checkTrainingData(Examples train) {
        if (!train.labelled()) {
            throw new NiceException("the model's prior '" + id() + "' is class-conditional, but the training data has"
                    + " no labels");
        }
        int[] labels = train.labels(IntStream.range(0, train.size()).toArray());
        boolean[] seen = new boolean[classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new NiceException("training example " + i + " has label " + labels[i] + ", the model has "
                        + classes + " classes (0.." + (classes - 1) + ")");
            }
            seen[labels[i]] |= i < FIT_EXAMPLES;
        }
        for (int k = 0; k < classes; k++) {
            if (!seen[k]) {
                throw new NiceException("class " + k + " does not occur among the first "
                        + Math.min(labels.length, FIT_EXAMPLES)
                        + " training examples, so its statistics cannot be estimated (use more data)");
            }
        }
    }

    /**
     * With minibatch moments the stored statistics are not trained; they are estimated here from the latents of the
     * first {@link #FIT_EXAMPLES} training examples (clean, without training noise), so that validation, the saved
     * model and sampling use the flow as it is at the end of the epoch. Learned moments need nothing.
     */
    @Override
    public void afterEpoch(Examples train, Encoder encoder) {
        if (moments != Moments.MINIBATCH) {
            return;
        }
        int[] first = IntStream.range(0, Math.min(train.size(), FIT_EXAMPLES)).toArray();
        float[] flat = train.evaluationBatch(first);
        int d = train.dimension();
        float[][] rows = new float[first.length][];
        for (int i = 0; i < first.length; i++) {
            rows[i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
        fit(encoder.encode(rows), train.labels(first));
    }

    /**
     * With labels: {@code conditional_log_likelihood_nats}, log p(x | u) with the stored statistics, and
     * {@code class_accuracy}, 1 where argmax_u p(x | u) is the example's own label (log|det| is the same for every
     * class, so the latent densities decide), else 0.
     */
    @Override
    public Map<String, NDArray> scores(NDArray h, NDArray logDet, Condition condition) {
        if (!(condition instanceof Condition.Labels labels)) {
            return Map.of();
        }
        NDArray index = Host.indices(h.getManager(), checkedLabels(labels)).toType(DataType.INT64, false);
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("conditional_log_likelihood_nats", storedLogProb(h, labels).add(logDet));
        out.put("class_accuracy", classLogProbs(h).argMax(1).eq(index).toType(h.getDataType(), false));
        return out;
    }

    @Override
    public String describe() {
        return id() + " (" + classes + " classes)";
    }

    /** Like {@link #fit(NDArray, NDArray)} for host latents (n × dimension) and their labels. */
    public void fit(float[][] latents, int[] labels) {
        try (NDManager scope = means.getManager().newSubManager()) {
            fit(Host.matrix(scope, latents), Host.indices(scope, labels));
        }
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

    /** Row i ~ N(μ(labels[i]), T² σ²(labels[i])), row-major. */
    private float[] draw(int[] labels, double temperature, SplittableRandom rng) {
        float[][] mean = means();
        float[][] std = standardDeviations();
        float[] h = new float[labels.length * dimension];
        for (int i = 0; i < labels.length; i++) {
            for (int d = 0; d < dimension; d++) {
                h[i * dimension + d] = (float) (mean[labels[i]][d]
                        + temperature * std[labels[i]][d] * Gaussian.next(rng));
            }
        }
        return h;
    }

    /** Stored per-class means, [class][dimension]. */
    public float[][] means() {
        return Host.rows(means);
    }

    /** Stored per-class standard deviations σ(u), [class][dimension]. */
    public float[][] standardDeviations() {
        float[][] std = Host.rows(logVariances);
        for (float[] row : std) {
            for (int d = 0; d < row.length; d++) {
                row[d] = (float) Math.exp(0.5 * row[d]);
            }
        }
        return std;
    }

    /** Trainable arrays by local name: the statistics when learned, none with minibatch moments. */
    @Override
    public Map<String, NDArray> parameters() {
        return moments == Moments.LEARNED ? statistics() : Map.of();
    }

    /** The stored per-class statistics by local name, trainable or not: what a model file must keep. */
    @Override
    public Map<String, NDArray> statistics() {
        Map<String, NDArray> p = new LinkedHashMap<>();
        p.put("means", means);
        p.put("log_variances", logVariances);
        return p;
    }

    private record ClassMoments(NDArray means, NDArray variances) {}

    /**
     * Per-class mean and population variance of the rows of h, as (classes, dimension) arrays computed with matrix
     * products against the one-hot labels (differentiable, no per-class loop). Classes absent from the batch get
     * zeros; no example refers to them.
     */
    private ClassMoments classMoments(NDArray h, NDArray oneHot) {
        NDArray counts = oneHot.sum(new int[] {0}).maximum(Host.scalar(oneHot.getManager(), 1)).reshape(classes, 1);
        NDArray classMeans = oneHot.transpose().matMul(h).div(counts);
        NDArray deviations = h.sub(oneHot.matMul(classMeans)).square();
        NDArray classVariances = oneHot.transpose().matMul(deviations).div(counts);
        return new ClassMoments(classMeans, classVariances);
    }

    private NDArray oneHot(Condition.Labels labels, NDArray batch) {
        if (labels.size() != batch.getShape().get(0)) {
            throw new NiceException("expected " + batch.getShape().get(0) + " labels, got " + labels.size());
        }
        return oneHot(Host.indices(batch.getManager(), checkedLabels(labels)), batch);
    }

    private NDArray oneHot(NDArray labels, NDArray batch) {
        if (labels.getShape().dimension() != 1 || labels.getShape().get(0) != batch.getShape().get(0)) {
            throw new NiceException("expected " + batch.getShape().get(0) + " labels, got shape " + labels.getShape());
        }
        NDArray index = Scope.like(batch, labels.toType(DataType.INT64, true));
        return index.oneHot(classes).toType(batch.getDataType(), false);
    }

    /** The label values, each checked to lie in 0..classes−1. */
    private int[] checkedLabels(Condition.Labels labels) {
        int[] values = labels.values();
        for (int v : values) {
            if (v < 0 || v >= classes) {
                throw new NiceException("class " + v + " outside 0.." + (classes - 1));
            }
        }
        return values;
    }

    private Condition.Labels labelsOf(Condition condition) {
        if (condition instanceof Condition.Labels labels) {
            return labels;
        }
        throw new NiceException("the prior '" + id() + "' trains on class labels, and none were given");
    }

    private static void overwrite(NDArray target, NDArray value) {
        target.muli(0).addi(value);
    }
}
