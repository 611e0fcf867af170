package org.nice4j.train;

import org.nice4j.UsageException;

/**
 * Everything that decides how a run trains, stored in checkpoints so that a resumed run continues with the same
 * settings. Defaults are the NICE paper's (section 5.1): RMSProp with decay 0.95 and maximum scaling 100, learning
 * rate 1e-3 divided by 1.0005 after every minibatch down to 1e-4, momentum 0 then 0.5 from the fifth epoch,
 * minibatches of 200.
 *
 * @param momentumFromEpoch the 1-based epoch from which {@code momentum} replaces {@code initialMomentum}
 * @param checkpointSeconds how often to checkpoint inside an epoch (a checkpoint is also written after every epoch)
 */
public record TrainingConfig(int epochs, int batchSize, String optimizer, double learningRate, double lrDecay,
        double minLearningRate, double initialMomentum, double momentum, int momentumFromEpoch, double rmsDecay,
        double maxScaling, double adamBeta1, double adamBeta2, double adamEpsilon, long seed, int checkpointSeconds) {

    public TrainingConfig {
        if (epochs < 1) {
            throw new UsageException("--epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new UsageException("--batch must be at least 1, got " + batchSize);
        }
        if (!optimizer.equals("rmsprop") && !optimizer.equals("adam")) {
            throw new UsageException("unknown optimizer '" + optimizer + "' (known: rmsprop, adam)");
        }
        if (!(learningRate > 0) || !(minLearningRate > 0) || !(lrDecay >= 1)) {
            throw new UsageException("learning rates must be positive and the decay >= 1, got lr=" + learningRate
                    + " min=" + minLearningRate + " decay=" + lrDecay);
        }
        if (!(maxScaling > 0) || !(rmsDecay >= 0 && rmsDecay < 1)) {
            throw new UsageException("RMSProp needs 0 <= decay < 1 and max scaling > 0");
        }
    }

    /** The paper's settings for {@code epochs} epochs. */
    public static TrainingConfig paper(int epochs, long seed) {
        return new TrainingConfig(epochs, 200, "rmsprop", 1e-3, 1.0005, 1e-4, 0.0, 0.5, 5, 0.95, 100, 0.9, 0.999,
                1e-8, seed, 600);
    }

    /** The learning rate for the 0-based global step: lr₀ / decay^step, floored. */
    public double learningRateAt(long step) {
        return Math.max(learningRate / Math.pow(lrDecay, step), minLearningRate);
    }

    /** The momentum for a 0-based epoch index. */
    public double momentumAt(int epochIndex) {
        return epochIndex + 1 >= momentumFromEpoch ? momentum : initialMomentum;
    }

    public Optimizer newOptimizer(java.util.Map<String, ai.djl.ndarray.NDArray> parameters) {
        return optimizer.equals("adam") ? new Adam(parameters, adamBeta1, adamBeta2, adamEpsilon)
                : new RmsPropMomentum(parameters, rmsDecay, maxScaling);
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(e, batchSize, optimizer, learningRate, lrDecay, minLearningRate, initialMomentum,
                momentum, momentumFromEpoch, rmsDecay, maxScaling, adamBeta1, adamBeta2, adamEpsilon, seed, checkpointSeconds);
    }
}
