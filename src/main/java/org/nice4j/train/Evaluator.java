package org.nice4j.train;

import org.nice4j.engine.Host;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.nice4j.NiceException;
import org.nice4j.data.Batches;
import org.nice4j.data.Examples;
import org.nice4j.model.FlowModel;

/** Mean log-likelihood of a model on a set of examples, with evaluation noise fixed per example. */
public final class Evaluator {
    private Evaluator() {}

    /** Per-example log-likelihoods in nats, in example order. */
    public static double[] logLikelihoods(FlowModel model, Examples examples, int batchSize) {
        if (examples.dimension() != model.config().dimension()) {
            throw new NiceException("the data has " + examples.dimension() + " dimensions per example, the model "
                    + model.config().dimension());
        }
        double[] out = new double[examples.size()];
        int at = 0;
        for (int[] batch : Batches.sequentialBatches(examples.size(), batchSize)) {
            try (NDManager scope = model.manager().newSubManager()) {
                float[] rows = examples.evaluationBatch(batch);
                float[] lp = model.logProb(Host.array(scope, rows, new Shape(batch.length, examples.dimension())))
                        .toFloatArray();
                for (float v : lp) {
                    out[at++] = v;
                }
            }
        }
        return out;
    }

    /** The mean of {@link #logLikelihoods}, summed in double precision. */
    public static double meanLogLikelihood(FlowModel model, Examples examples, int batchSize) {
        double sum = 0;
        double[] ll = logLikelihoods(model, examples, batchSize);
        for (double v : ll) {
            sum += v;
        }
        return ll.length == 0 ? Double.NaN : sum / ll.length;
    }
}
