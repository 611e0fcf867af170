package org.nice4j.train;

import org.nice4j.engine.Host;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.nice4j.NiceException;
import org.nice4j.data.Batches;
import org.nice4j.data.Examples;
import org.nice4j.model.FlowModel;
import org.nice4j.prior.ClassConditionalGaussian;
import org.nice4j.transform.Transformed;

/** Mean log-likelihood of a model on a set of examples, with evaluation noise fixed per example. */
public final class Evaluator {
    /**
     * Rows per scoring batch. Larger batches of the convolutional (GIN) layout allocate im2col buffers above glibc's
     * 32 MB mmap ceiling, which are then mapped and page-faulted afresh on every batch: at 500 rows gin-mnist scored
     * 63 examples/s, at 100 rows 183 (bench, 2-core dev box). Dense layouts lose nothing at this size.
     */
    public static final int BATCH = 200;

    private Evaluator() {}

    /** Per-example log-likelihoods log p(x) in nats, in example order. */
    public static double[] logLikelihoods(FlowModel model, Examples examples, int batchSize) {
        return logLikelihoods(model, examples, batchSize, false);
    }

    /**
     * Per-example class-conditional log-likelihoods log p(x | u) with the examples' own labels and the model's stored
     * per-class statistics, in example order.
     */
    public static double[] conditionalLogLikelihoods(FlowModel model, Examples examples, int batchSize) {
        if (!examples.labelled()) {
            throw new NiceException("class-conditional scores need labelled examples");
        }
        return logLikelihoods(model, examples, batchSize, true);
    }

    private static double[] logLikelihoods(FlowModel model, Examples examples, int batchSize, boolean byClass) {
        if (examples.dimension() != model.config().dimension()) {
            throw new NiceException("the data has " + examples.dimension() + " dimensions per example, the model "
                    + model.config().dimension());
        }
        double[] out = new double[examples.size()];
        int at = 0;
        for (int[] batch : Batches.sequentialBatches(examples.size(), batchSize)) {
            try (NDManager scope = model.manager().newSubManager()) {
                float[] rows = examples.evaluationBatch(batch);
                NDArray x = Host.array(scope, rows, new Shape(batch.length, examples.dimension()));
                NDArray lp = byClass ? storedMomentsLogProb(model, x, Host.indices(scope, examples.labels(batch)))
                        : model.logProb(x);
                for (float v : lp.toFloatArray()) {
                    out[at++] = v;
                }
            }
        }
        return out;
    }

    /**
     * log p(x | u) from the stored statistics, also for a model trained with minibatch moments, whose
     * {@link FlowModel#logProb(NDArray, NDArray)} would use the moments of this evaluation batch instead.
     */
    private static NDArray storedMomentsLogProb(FlowModel model, NDArray x, NDArray labels) {
        ClassConditionalGaussian prior = classPrior(model);
        Transformed t = model.transform().forward(x);
        return prior.storedLogProb(t.value(), labels).add(t.logDet());
    }

    /**
     * The fraction of examples whose own label is the most likely class, argmax_u p(x | u) with the stored
     * statistics (log|det| is the same for every class, so the latent densities decide): how well the classes
     * separate in latent space.
     */
    public static double classAccuracy(FlowModel model, Examples examples, int batchSize) {
        ClassConditionalGaussian prior = classPrior(model);
        if (!examples.labelled()) {
            throw new NiceException("class accuracy needs labelled examples");
        }
        long correct = 0;
        for (int[] batch : Batches.sequentialBatches(examples.size(), batchSize)) {
            try (NDManager scope = model.manager().newSubManager()) {
                NDArray x = Host.array(scope, examples.evaluationBatch(batch), new Shape(batch.length,
                        examples.dimension()));
                long[] predicted = prior.classLogProbs(model.encode(x)).argMax(1).toLongArray();
                int[] labels = examples.labels(batch);
                for (int i = 0; i < labels.length; i++) {
                    correct += predicted[i] == labels[i] ? 1 : 0;
                }
            }
        }
        return examples.size() == 0 ? Double.NaN : (double) correct / examples.size();
    }

    private static ClassConditionalGaussian classPrior(FlowModel model) {
        return model.classPrior().orElseThrow(() -> new NiceException(
                "the model's prior '" + model.config().prior() + "' is not class-conditional"));
    }

    /** The mean of {@link #logLikelihoods}, summed in double precision. */
    public static double meanLogLikelihood(FlowModel model, Examples examples, int batchSize) {
        return mean(logLikelihoods(model, examples, batchSize));
    }

    /** The mean of {@link #conditionalLogLikelihoods}. */
    public static double meanConditionalLogLikelihood(FlowModel model, Examples examples, int batchSize) {
        return mean(conditionalLogLikelihoods(model, examples, batchSize));
    }

    private static double mean(double[] ll) {
        double sum = 0;
        for (double v : ll) {
            sum += v;
        }
        return ll.length == 0 ? Double.NaN : sum / ll.length;
    }
}
