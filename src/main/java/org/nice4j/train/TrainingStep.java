package org.nice4j.train;

import org.nice4j.engine.Host;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.nice4j.model.FlowModel;

/**
 * One minibatch of maximum-likelihood training: loss = −mean log p(x), or −mean log p(x | u) for a class-conditional
 * model, then backward and the optimizer update. Labels travel with the rows because with minibatch moments the loss
 * depends on which examples share the batch.
 */
public final class TrainingStep {
    private final FlowModel model;
    private final Optimizer optimizer;

    public TrainingStep(FlowModel model, Optimizer optimizer) {
        this.model = model;
        this.optimizer = optimizer;
    }

    /**
     * @param rows   row-major (n × D) preprocessed inputs
     * @param labels the n class labels for a class-conditional model, null otherwise
     * @return the minibatch's mean negative log-likelihood in nats, before the update; NaN or infinite values
     *         are returned as they are and the update is skipped, so the caller can stop with the model intact
     */
    public double run(float[] rows, int[] labels, int n, double learningRate, double momentum) {
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray x = Host.array(scope, rows, new Shape(n, model.config().dimension()));
            double loss;
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray ll = labels == null ? model.logProb(x) : model.logProb(x, Host.indices(scope, labels));
                NDArray nll = ll.mean().neg();
                loss = nll.getFloat();
                if (!Double.isFinite(loss)) {
                    return loss;
                }
                collector.backward(nll);
            }
            optimizer.step(learningRate, momentum);
            return loss;
        }
    }
}
