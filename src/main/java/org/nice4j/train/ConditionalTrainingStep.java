package org.nice4j.train;

import org.nice4j.engine.Host;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.nice4j.model.ConditionalFlow;

/**
 * One minibatch of class-conditional maximum likelihood: loss = −mean log p(x | u), backward, optimizer update. The
 * labelled twin of {@link TrainingStep}; with minibatch moments the loss also depends on which examples share the
 * batch, which is why labels travel with the rows rather than being looked up per example.
 */
public final class ConditionalTrainingStep {
    private final ConditionalFlow flow;
    private final Optimizer optimizer;

    public ConditionalTrainingStep(ConditionalFlow flow, Optimizer optimizer) {
        this.flow = flow;
        this.optimizer = optimizer;
    }

    /**
     * @param rows   row-major (n × D) inputs
     * @param labels the n class labels
     * @return the minibatch's mean negative log-likelihood in nats before the update; a non-finite loss is returned
     *         without updating, so the caller can stop with the model intact
     */
    public double run(float[] rows, int[] labels, double learningRate) {
        int n = labels.length;
        try (NDManager scope = flow.manager().newSubManager()) {
            NDArray x = Host.array(scope, rows, new Shape(n, flow.config().dimension()));
            double loss;
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray nll = flow.logProb(x, Host.indices(scope, labels)).mean().neg();
                loss = nll.getFloat();
                if (!Double.isFinite(loss)) {
                    return loss;
                }
                collector.backward(nll);
            }
            optimizer.step(learningRate, 0);
            return loss;
        }
    }
}
