package org.nice4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.nice4j.data.Condition;
import org.nice4j.engine.Autocast;
import org.nice4j.engine.Host;
import org.nice4j.engine.Precision;
import org.nice4j.model.FlowModel;

/**
 * One minibatch of maximum-likelihood training: loss = −mean log p(x | c) as the model trains it, then backward and
 * the optimizer update. The condition travels with the rows because a prior may estimate from the batch itself. The
 * forward pass computes the coupling networks' matrix products in the step's {@link Precision}; the backward pass
 * follows the same roundings, and the update is float32.
 */
public final class TrainingStep {
    private final FlowModel model;
    private final Optimizer optimizer;
    private final Precision precision;

    public TrainingStep(FlowModel model, Optimizer optimizer, Precision precision) {
        this.model = model;
        this.optimizer = optimizer;
        this.precision = precision;
    }

    /** A step in float32 throughout. */
    public TrainingStep(FlowModel model, Optimizer optimizer) {
        this(model, optimizer, Precision.FP32);
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
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector();
                    Autocast cast = Autocast.to(precision)) {
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
