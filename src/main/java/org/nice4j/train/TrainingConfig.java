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
 * @param noise             σ of Gaussian noise added to every training minibatch (GIN's augmentation, App. D); 0 for
 *                          none. Checkpoints from before this setting read back as 0
 * @param lrDropEpoch       the 1-based epoch from which the learning rate is divided by 10 (GIN's final phase,
 *                          App. D); 0 for never
 */
public record TrainingConfig(int epochs, int batchSize, String optimizer, double learningRate, double lrDecay,
        double minLearningRate, double initialMomentum, double momentum, int momentumFromEpoch, double rmsDecay,
        double maxScaling, double adamBeta1, double adamBeta2, double adamEpsilon, long seed, int checkpointSeconds,
        double noise, int lrDropEpoch) {

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
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new UsageException("--noise must be a finite value >= 0, got " + noise);
        }
        if (lrDropEpoch < 0) {
            throw new UsageException("--lr-drop-epoch must be >= 0 (0 for never), got " + lrDropEpoch);
        }
    }

    /** The paper's settings for {@code epochs} epochs. */
    public static TrainingConfig paper(int epochs, long seed) {
        return new TrainingConfig(epochs, 200, "rmsprop", 1e-3, 1.0005, 1e-4, 0.0, 0.5, 5, 0.95, 100, 0.9, 0.999,
                1e-8, seed, 600, 0, 0);
    }

    /**
     * The learning rate for the 0-based global step in the 0-based epoch: lr₀ / decay^step, floored, then divided
     * by 10 from {@code lrDropEpoch} on.
     */
    public double learningRateAt(long step, int epochIndex) {
        double rate = Math.max(learningRate / Math.pow(lrDecay, step), minLearningRate);
        return lrDropEpoch > 0 && epochIndex + 1 >= lrDropEpoch ? rate / 10 : rate;
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
                momentum, momentumFromEpoch, rmsDecay, maxScaling, adamBeta1, adamBeta2, adamEpsilon, seed, checkpointSeconds, noise,
                lrDropEpoch);
    }
}
