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
import org.nice4j.model.DensityModel;

/**
 * One minibatch of training: loss = −mean of the model's training objective (a flow's log p(x | c) as it trains it, a
 * latent-variable model's evidence lower bound with the KL weight of the warm-up), then backward and the optimizer
 * update. The condition travels with the rows because a prior may estimate from the batch itself. The
 * forward pass computes the coupling networks' matrix products in the step's {@link Precision}; the backward pass
 * follows the same roundings, and the update is float32.
 */
public final class TrainingStep {
    private final DensityModel model;
    private final Optimizer optimizer;
    private final Precision precision;
    private long forwardNanos;
    private long backwardNanos;
    private long updateNanos;
    private long timedSteps;

    public TrainingStep(DensityModel model, Optimizer optimizer, Precision precision) {
        this.model = model;
        this.optimizer = optimizer;
        this.precision = precision;
    }

    /**
     * Mean milliseconds a step spent in each part (forward pass with the loss, backward pass, update) since this step
     * was made or last {@link #resetPhaseTimes() reset}. On a CPU each part ends before the next starts; a GPU queues
     * work asynchronously, so there only their sum is a step's time.
     */
    public record PhaseTimes(double forwardMs, double backwardMs, double updateMs) {}

    /** A step in float32 throughout. */
    public TrainingStep(DensityModel model, Optimizer optimizer) {
        this(model, optimizer, Precision.FP32);
    }

    public PhaseTimes phaseTimes() {
        double steps = Math.max(1, timedSteps) * 1e6;
        return new PhaseTimes(forwardNanos / steps, backwardNanos / steps, updateNanos / steps);
    }

    public void resetPhaseTimes() {
        forwardNanos = 0;
        backwardNanos = 0;
        updateNanos = 0;
        timedSteps = 0;
    }

    /**
     * @param rows      row-major (n × D) preprocessed inputs
     * @param condition what the n rows are conditioned on ({@link Condition#NONE} for nothing)
     * @return the minibatch's mean negative log-likelihood in nats, before the update; NaN or infinite values
     *         are returned as they are and the update is skipped, so the caller can stop with the model intact
     */
    public double run(float[] rows, Condition condition, int n, double learningRate, double momentum) {
        return run(rows, condition, n, learningRate, momentum, 1, 0);
    }

    /**
     * Like {@link #run(float[], Condition, int, double, double)} with the KL term of a latent-variable model's bound
     * weighted by {@code klWeight} (the loss returned is then that weighted bound's negative mean) and its latents
     * drawn from {@code seed}.
     */
    public double run(float[] rows, Condition condition, int n, double learningRate, double momentum,
            double klWeight, long seed) {
        try (NDManager scope = model.manager().newSubManager()) {
            long start = System.nanoTime();
            NDArray x = Host.array(scope, rows, new Shape(n, model.dimension()));
            NDArray nll;
            // the collector's block records the forward pass for autograd; the optimizer takes the gradient
            try (GradientCollector recording = Engine.getEngine("PyTorch").newGradientCollector();
                    Autocast cast = Autocast.to(precision)) {
                nll = model.trainingObjective(x, condition, klWeight, seed).mean().neg();
            }
            double loss = nll.getFloat();
            long forwardDone = System.nanoTime();
            if (Double.isFinite(loss)) {
                NDArray[] gradients = optimizer.gradients(nll);
                long backwardDone = System.nanoTime();
                optimizer.step(gradients, learningRate, momentum);
                backwardNanos += backwardDone - forwardDone;
                updateNanos += System.nanoTime() - backwardDone;
            }
            forwardNanos += forwardDone - start;
            timedSteps++;
            return loss;
        }
    }
}
