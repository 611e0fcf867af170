package org.nice4j.train;

import org.nice4j.engine.Host;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.nice4j.model.FlowModel;

/** One minibatch of maximum-likelihood training: loss = −mean log p(x), backward, optimizer update. */
public final class TrainingStep {
    private final FlowModel model;
    private final Optimizer optimizer;

    public TrainingStep(FlowModel model, Optimizer optimizer) {
        this.model = model;
        this.optimizer = optimizer;
    }

    /**
     * @param rows row-major (n × D) preprocessed inputs
     * @return the minibatch's mean negative log-likelihood in nats, before the update; NaN or infinite values
     *         are returned as they are and the update is skipped, so the caller can stop with the model intact
     */
    public double run(float[] rows, int n, double learningRate, double momentum) {
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray x = Host.array(scope, rows, new Shape(n, model.config().dimension()));
            double loss;
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray nll = model.logProb(x).mean().neg();
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
