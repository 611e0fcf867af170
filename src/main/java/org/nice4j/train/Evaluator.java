package org.nice4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nice4j.NiceException;
import org.nice4j.data.Batches;
import org.nice4j.data.Examples;
import org.nice4j.engine.Host;
import org.nice4j.model.FlowModel;

/** Mean log-likelihood of a model on a set of examples, with evaluation noise fixed per example. */
public final class Evaluator {
    /**
     * Rows per scoring batch: large enough that per-batch overheads vanish, small enough that every batch's
     * temporaries stay below glibc's mmap ceiling and are reused rather than mapped and page-faulted afresh.
     */
    public static final int BATCH = 200;

    private Evaluator() {}

    /** Per-example log-likelihoods log p(x) in nats, in example order. */
    public static double[] logLikelihoods(FlowModel model, Examples examples, int batchSize) {
        checkDimension(model, examples);
        double[] out = new double[examples.size()];
        int at = 0;
        for (int[] batch : Batches.sequentialBatches(examples.size(), batchSize)) {
            try (NDManager scope = model.manager().newSubManager()) {
                for (float v : model.logProb(rows(scope, examples, batch)).toFloatArray()) {
                    out[at++] = v;
                }
            }
        }
        return out;
    }

    /** The mean of {@link #logLikelihoods}, summed in double precision. */
    public static double meanLogLikelihood(FlowModel model, Examples examples, int batchSize) {
        double[] ll = logLikelihoods(model, examples, batchSize);
        double sum = 0;
        for (double v : ll) {
            sum += v;
        }
        return ll.length == 0 ? Double.NaN : sum / ll.length;
    }

    /**
     * The means over the examples of every score the model gives with their conditions (see
     * {@link FlowModel#scores}): {@value FlowModel#LOG_LIKELIHOOD} first, then what the prior adds, for example a
     * class-conditional prior's log p(x | u) and class accuracy on labelled examples. Sums are in double precision.
     */
    public static Map<String, Double> meanScores(FlowModel model, Examples examples, int batchSize) {
        checkDimension(model, examples);
        Map<String, double[]> sums = new LinkedHashMap<>(); // one running sum each, added in example order
        for (int[] batch : Batches.sequentialBatches(examples.size(), batchSize)) {
            try (NDManager scope = model.manager().newSubManager()) {
                model.scores(rows(scope, examples, batch), examples.condition(batch)).forEach((name, values) -> {
                    double[] sum = sums.computeIfAbsent(name, k -> new double[1]);
                    for (float v : values.toFloatArray()) {
                        sum[0] += v;
                    }
                });
            }
        }
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((name, sum) -> means.put(name, examples.size() == 0 ? Double.NaN : sum[0] / examples.size()));
        return means;
    }

    private static NDArray rows(NDManager scope, Examples examples, int[] batch) {
        return Host.array(scope, examples.evaluationBatch(batch), new Shape(batch.length, examples.dimension()));
    }

    private static void checkDimension(FlowModel model, Examples examples) {
        if (examples.dimension() != model.dimension()) {
            throw new NiceException("the data has " + examples.dimension() + " dimensions per example, the model "
                    + model.dimension());
        }
    }
}
