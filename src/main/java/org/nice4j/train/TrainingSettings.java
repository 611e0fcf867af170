package org.nice4j.train;

import java.util.ArrayList;
import java.util.List;
import org.nice4j.InvalidSettingException;
import org.nice4j.engine.Precision;
import org.nice4j.model.Presets;

/**
 * A user's choices for a run, each null where the user left it open: {@link #resolve} fills the gaps from the
 * preset's paper, then from NICE's settings, so that every shell (the CLI, a web page, a Java caller) trains a preset
 * the same way.
 *
 * @param optimizer         "rmsprop" or "adam"
 * @param lrDecay           the per-minibatch division of the learning rate (1 for a constant rate)
 * @param lrMin             the floor of that decay
 * @param lrDropEpoch       the 1-based epoch from which the rate is divided by 10; 0 for never
 * @param momentumFromEpoch the 1-based epoch from which RMSProp's momentum starts
 * @param precision         the format of the networks' matrix products in training (float32 when left open)
 * @param schedule          "exponential" (NICE's decay per minibatch) or "cosine" (after the warm-up, half a cosine
 *                          down to {@code lrMin} at the run's last minibatch)
 * @param warmupSteps       the minibatches over which the rate grows linearly from 1e-5 (left open: the preset's
 *                          fraction of the run, else none)
 * @param averageDecay      the decay of the Polyak average of the weights (0 for none)
 * @param weightDecay       Adam's decoupled weight decay λ on the weight matrices (AdamW; 0 for none); RMSProp has none
 */
public record TrainingSettings(Integer batchSize, String optimizer, Double learningRate, Double lrDecay, Double lrMin,
        Double noise, Integer lrDropEpoch, Double momentum, Integer momentumFromEpoch, Double rmsDecay,
        Double maxScaling, Integer checkpointSeconds, Integer initExamples, Precision precision, String schedule,
        Integer warmupSteps, Double averageDecay, Double weightDecay) {

    /** The learning rate a warm-up starts from (VDAE App. D). */
    private static final double WARMUP_START = 1e-5;

    /** Nothing chosen: the preset's paper, then NICE. */
    public static final TrainingSettings NONE = new TrainingSettings(null, null, null, null, null, null, null, null,
            null, null, null, null, null);

    /** Choices that leave the precision, the schedule's shape and the weights' average open. */
    public TrainingSettings(Integer batchSize, String optimizer, Double learningRate, Double lrDecay, Double lrMin,
            Double noise, Integer lrDropEpoch, Double momentum, Integer momentumFromEpoch, Double rmsDecay,
            Double maxScaling, Integer checkpointSeconds, Integer initExamples) {
        this(batchSize, optimizer, learningRate, lrDecay, lrMin, noise, lrDropEpoch, momentum, momentumFromEpoch,
                rmsDecay, maxScaling, checkpointSeconds, initExamples, null, null, null, null, null);
    }

    /**
     * The configuration for {@code epochs} epochs and {@code seed}: these choices first, then {@code paper} (the
     * preset's own, which may be null), then the NICE paper's (section 5.1). A paper's final phase (GIN: the last half
     * of the epochs at a tenth of the rate) becomes a step drop placed for {@code epochs}.
     */
    public TrainingConfig resolve(int epochs, long seed, Presets.Training paper) {
        return resolve(epochs, seed, paper, 0);
    }

    /**
     * Like {@link #resolve(int, long, Presets.Training)} for a training split of {@code trainExamples} examples, which
     * places a paper's warm-ups (fractions of the run) and a cosine schedule's end in minibatches; with 0 there are no
     * warm-ups, and a cosine schedule is refused.
     */
    public TrainingConfig resolve(int epochs, long seed, Presets.Training paper, int trainExamples) {
        Presets.Training p = paper != null ? paper : Presets.Training.NICE;
        TrainingConfig nice = TrainingConfig.paper(Math.max(1, epochs), seed);
        OptimizerSettings.RmsProp rms = OptimizerSettings.RmsProp.paper();
        String kind = pick(optimizer, p.optimizer(), "rmsprop");
        // A recipe's decay is Adam's: a user who trains the recipe with RMSProp trains without it.
        double wd = pick(weightDecay, kind.equals("adam") ? p.weightDecay() : null, 0.0);
        if (wd != 0 && kind.equals("rmsprop")) {
            throw new InvalidSettingException("weightDecay", "weight decay is Adam's (AdamW); the NICE paper's RMSProp"
                    + " has none: choose adam as the optimizer or leave the weight decay out");
        }
        OptimizerSettings rule = switch (kind) {
            case "rmsprop" -> new OptimizerSettings.RmsProp(pick(rmsDecay, null, rms.decay()),
                    pick(maxScaling, null, rms.maxScaling()), rms.initialMomentum(), pick(momentum, null, rms.momentum()),
                    pick(momentumFromEpoch, null, rms.momentumFromEpoch()));
            case "adam" -> OptimizerSettings.Adam.standard(wd);
            default -> throw new InvalidSettingException("optimizer", "unknown optimizer '" + kind
                    + "' (known: rmsprop, adam)");
        };
        int batch = pick(batchSize, p.batch(), nice.batchSize());
        long steps = (long) Math.max(1, epochs) * ((trainExamples + batch - 1) / batch); // epochs < 1: refused below
        long lrWarmup = warmupSteps != null ? warmupSteps
                : Math.round(steps * (p.lrWarmup() == null ? 0 : p.lrWarmup()));
        if (lrWarmup < 0) {
            throw new InvalidSettingException("warmupSteps", "the warm-up must be >= 0 minibatches, got " + lrWarmup);
        }
        List<Schedule> schedules = new ArrayList<>();
        String shape = pick(schedule, p.schedule(), "exponential");
        switch (shape) {
            case "exponential" -> {
                double decay = pick(lrDecay, p.lrDecay(), 1.0005);
                if (decay != 1) {
                    schedules.add(new Schedule.ExponentialDecay(decay, pick(lrMin, p.lrMin(), 1e-4)));
                }
            }
            case "cosine" -> {
                if (steps <= lrWarmup) {
                    throw new InvalidSettingException("schedule", "a cosine schedule needs a run longer than its"
                            + " warm-up, got " + steps + " minibatches and a warm-up of " + lrWarmup);
                }
                schedules.add(new Schedule.Cosine(lrWarmup, steps, pick(lrMin, p.lrMin(), 0.0)));
            }
            default -> throw new InvalidSettingException("schedule", "unknown schedule '" + shape
                    + "' (known: exponential, cosine)");
        }
        int finalEpochs = p.finalPhase() == null ? 0 : (int) (epochs * p.finalPhase());
        int drop = lrDropEpoch != null ? lrDropEpoch : finalEpochs == 0 ? 0 : epochs - finalEpochs + 1;
        if (drop < 0) {
            throw new InvalidSettingException("lrDropEpoch", "the epoch of the learning-rate drop must be >= 0 (0 for"
                    + " never), got " + drop);
        }
        if (drop > 0) {
            schedules.add(new Schedule.StepDrop(drop, 10));
        }
        if (lrWarmup > 0) { // last: it scales the rate the rules above give
            schedules.add(new Schedule.Warmup(lrWarmup, WARMUP_START));
        }
        return new TrainingConfig(epochs, batch, rule, pick(learningRate, p.lr(), nice.learningRate()), schedules,
                seed, pick(checkpointSeconds, null, nice.checkpointSeconds()), pick(noise, p.noise(), nice.noise()),
                pick(initExamples, p.initExamples(), 0), pick(precision, p.precision(), Precision.FP32),
                Math.round(steps * (p.klWarmup() == null ? 0 : p.klWarmup())),
                pick(averageDecay, p.averageDecay(), 0.0));
    }

    private static <T> T pick(T chosen, T paper, T nice) {
        return chosen != null ? chosen : paper != null ? paper : nice;
    }
}
