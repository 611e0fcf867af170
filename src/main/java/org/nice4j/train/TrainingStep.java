package org.nice4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.nice4j.data.Condition;
import org.nice4j.engine.Host;
import org.nice4j.model.FlowModel;

/**
 * One minibatch of maximum-likelihood training: loss = −mean log p(x | c) as the model trains it, then backward and
 * the optimizer update. The condition travels with the rows because a prior may estimate from the batch itself.
 */
public final class TrainingStep {
    private final FlowModel model;
    private final Optimizer optimizer;

    public TrainingStep(FlowModel model, Optimizer optimizer) {
        this.model = model;
        this.optimizer = optimizer;
    }

    /**
     * @param rows      row-major (n × D) preprocessed inputs
     * @param condition what the n rows are conditioned on ({@link Condition#NONE} for nothing)
     * @return the minibatch's mean negative log-likelihood in nats, before the update; NaN or infinite values
     *         are returned as they are and the update is skipped, so the caller can stop with the model intact
     */
    public double run(float[] rows, Condition condition, int n, double learningRate, double momentum) {
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray x = Host.array(scope, rows, new Shape(n, model.dimension()));
            double loss;
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray nll = model.trainingLogProb(x, condition).mean().neg();
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
