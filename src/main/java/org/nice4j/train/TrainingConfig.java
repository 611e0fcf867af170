package org.nice4j.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.nice4j.InvalidSettingException;
import org.nice4j.Json;
import org.nice4j.NiceException;
import org.nice4j.engine.Precision;

/**
 * Everything that decides how a run trains, stored in checkpoints so that a resumed run continues with the same
 * settings. {@link #paper} gives the NICE paper's (section 5.1): RMSProp with decay 0.95 and maximum scaling 100,
 * learning rate 1e-3 divided by 1.0005 after every minibatch down to 1e-4, momentum 0 then 0.5 from the fifth epoch,
 * minibatches of 200; {@link TrainingSettings} resolves a preset's paper and a user's choices into one of these.
 *
 * @param learningRate      the rate before the schedules
 * @param schedules         the rules applied to it in order (see {@link Schedule}); empty for a constant rate
 * @param checkpointSeconds how often to checkpoint inside an epoch (a checkpoint is also written after every epoch);
 *                          0 after every minibatch
 * @param noise             σ of Gaussian noise added to every training minibatch (GIN's augmentation, App. D); 0 for
 *                          none
 * @param initExamples      how many training examples set the scaling layer from the data before the first step
 *                          (see {@link ScalingInit}); 0 to keep its initial scales. Applied to a fresh run only, never on
 *                          resume; checkpoints from before this setting read back as 0
 * @param precision         the format of the coupling networks' matrix products in training steps (see
 *                          {@link Precision}); validation and test scores are float32 whatever it is. Checkpoints from
 *                          before this setting read back as float32
 * @param klWarmupSteps     the minibatches over which a latent-variable model's KL weight β grows linearly from 0 to 1
 *                          (the VDAE paper's warm-up, after Bowman et al.); 0 for β = 1 throughout. Flows have no KL
 *                          term; checkpoints from before this setting read back as 0
 * @param averageDecay      the decay of the Polyak average of the weights that validation, the kept model and the
 *                          test use (see {@link WeightAverage}); 0 for none, as checkpoints from before this setting
 *                          read back
 */
public record TrainingConfig(int epochs, int batchSize, OptimizerSettings optimizer, double learningRate,
        List<Schedule> schedules, long seed, int checkpointSeconds, double noise, int initExamples,
        Precision precision, long klWarmupSteps, double averageDecay) {

    public TrainingConfig {
        if (epochs < 1) {
            throw new InvalidSettingException("epochs", "the number of epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new InvalidSettingException("batchSize", "the minibatch size must be at least 1, got " + batchSize);
        }
        if (optimizer == null) {
            throw new InvalidSettingException("optimizer", "a training configuration needs an optimizer");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new InvalidSettingException("learningRate", "the learning rate must be a positive number, got " + learningRate);
        }
        schedules = List.copyOf(schedules);
        if (checkpointSeconds < 0) {
            throw new InvalidSettingException("checkpointSeconds", "the checkpoint period must be >= 0 seconds, got " + checkpointSeconds);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new InvalidSettingException("noise", "the training noise must be a finite value >= 0, got " + noise);
        }
        if (initExamples < 0) {
            throw new InvalidSettingException("initExamples", "the number of examples that initialise the scaling"
                    + " layer must be >= 0 (0 for none), got " + initExamples);
        }
        if (precision == null) {
            throw new InvalidSettingException("precision", "a training configuration needs a precision");
        }
        if (klWarmupSteps < 0) {
            throw new InvalidSettingException("klWarmup", "the KL warm-up must be >= 0 minibatches (0 for none), got "
                    + klWarmupSteps);
        }
        if (!(averageDecay >= 0 && averageDecay < 1)) {
            throw new InvalidSettingException("averageDecay", "the decay of the weights' average must lie in [0, 1)"
                    + " (0 for none), got " + averageDecay);
        }
    }

    /** Settings without an average of the weights. */
    public TrainingConfig(int epochs, int batchSize, OptimizerSettings optimizer, double learningRate,
            List<Schedule> schedules, long seed, int checkpointSeconds, double noise, int initExamples,
            Precision precision, long klWarmupSteps) {
        this(epochs, batchSize, optimizer, learningRate, schedules, seed, checkpointSeconds, noise, initExamples,
                precision, klWarmupSteps, 0);
    }

    /** Settings without a KL warm-up or an average of the weights. */
    public TrainingConfig(int epochs, int batchSize, OptimizerSettings optimizer, double learningRate,
            List<Schedule> schedules, long seed, int checkpointSeconds, double noise, int initExamples,
            Precision precision) {
        this(epochs, batchSize, optimizer, learningRate, schedules, seed, checkpointSeconds, noise, initExamples,
                precision, 0);
    }

    /** Settings that train in float32 throughout. */
    public TrainingConfig(int epochs, int batchSize, OptimizerSettings optimizer, double learningRate,
            List<Schedule> schedules, long seed, int checkpointSeconds, double noise, int initExamples) {
        this(epochs, batchSize, optimizer, learningRate, schedules, seed, checkpointSeconds, noise, initExamples,
                Precision.FP32);
    }

    /** Settings that keep the scaling layer's initial scales (no data-dependent initialisation), in float32. */
    public TrainingConfig(int epochs, int batchSize, OptimizerSettings optimizer, double learningRate,
            List<Schedule> schedules, long seed, int checkpointSeconds, double noise) {
        this(epochs, batchSize, optimizer, learningRate, schedules, seed, checkpointSeconds, noise, 0);
    }

    /** The NICE paper's settings for {@code epochs} epochs. */
    public static TrainingConfig paper(int epochs, long seed) {
        return new TrainingConfig(epochs, 200, OptimizerSettings.RmsProp.paper(), 1e-3,
                List.of(new Schedule.ExponentialDecay(1.0005, 1e-4)), seed, 600, 0);
    }

    /** The learning rate for the 0-based global step in the 0-based epoch, after the finished epochs in history. */
    public double learningRateAt(long step, int epochIndex, List<EpochMetrics> history) {
        double rate = learningRate;
        for (Schedule schedule : schedules) {
            rate = schedule.apply(rate, step, epochIndex, history);
        }
        return rate;
    }

    /** β, the weight of a latent-variable model's KL term at the 0-based global step: 0 → 1 over the warm-up. */
    public double klWeightAt(long step) {
        return klWarmupSteps == 0 ? 1 : Math.min(1, (double) step / klWarmupSteps);
    }

    /** The same settings for a new total number of epochs. */
    public TrainingConfig withEpochs(int total) {
        return new TrainingConfig(total, batchSize, optimizer, learningRate, schedules, seed, checkpointSeconds, noise,
                initExamples, precision, klWarmupSteps, averageDecay);
    }

    /** The same settings without a weight average (for trainers that step the raw weights only). */
    public TrainingConfig withoutAverage() {
        return new TrainingConfig(epochs, batchSize, optimizer, learningRate, schedules, seed, checkpointSeconds, noise,
                initExamples, precision, klWarmupSteps, 0);
    }

    /** The same settings with the networks' products in {@code format}. */
    public TrainingConfig withPrecision(Precision format) {
        return new TrainingConfig(epochs, batchSize, optimizer, learningRate, schedules, seed, checkpointSeconds, noise,
                initExamples, format, klWarmupSteps, averageDecay);
    }

    /**
     * Reads a configuration as written by this version, or the flat one of checkpoints written before optimizers and
     * schedules were typed ({@code "optimizer": "rmsprop"}, {@code lrDecay}, {@code minLearningRate},
     * {@code lrDropEpoch}, …), which becomes the same optimizer and schedules, so old runs resume unchanged.
     */
    @JsonCreator
    static TrainingConfig fromJson(JsonNode node) {
        try {
            if (node.path("optimizer").isTextual()) {
                return fromFlatJson(node);
            }
            return new TrainingConfig(node.path("epochs").asInt(), node.path("batchSize").asInt(),
                    Json.MAPPER.treeToValue(node.get("optimizer"), OptimizerSettings.class),
                    node.path("learningRate").asDouble(),
                    List.of(Json.MAPPER.treeToValue(node.path("schedules"), Schedule[].class)),
                    node.path("seed").asLong(), node.path("checkpointSeconds").asInt(), node.path("noise").asDouble(),
                    node.path("initExamples").asInt(), Precision.parse(node.path("precision").asText("fp32")),
                    node.path("klWarmupSteps").asLong(), node.path("averageDecay").asDouble());
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new NiceException("the training settings are not readable (" + Json.firstLine(e) + ")");
        }
    }

    private static TrainingConfig fromFlatJson(JsonNode n) {
        OptimizerSettings optimizer = switch (n.path("optimizer").asText()) {
            case "adam" -> new OptimizerSettings.Adam(n.path("adamBeta1").asDouble(), n.path("adamBeta2").asDouble(),
                    n.path("adamEpsilon").asDouble(), 0);
            case "rmsprop" -> new OptimizerSettings.RmsProp(n.path("rmsDecay").asDouble(),
                    n.path("maxScaling").asDouble(), n.path("initialMomentum").asDouble(),
                    n.path("momentum").asDouble(), n.path("momentumFromEpoch").asInt());
            default -> throw new InvalidSettingException("optimizer", "unknown optimizer '" + n.path("optimizer").asText() + "'");
        };
        List<Schedule> schedules = new ArrayList<>();
        schedules.add(new Schedule.ExponentialDecay(n.path("lrDecay").asDouble(), n.path("minLearningRate").asDouble()));
        if (n.path("lrDropEpoch").asInt() > 0) {
            schedules.add(new Schedule.StepDrop(n.path("lrDropEpoch").asInt(), 10));
        }
        return new TrainingConfig(n.path("epochs").asInt(), n.path("batchSize").asInt(), optimizer,
                n.path("learningRate").asDouble(), schedules, n.path("seed").asLong(),
                n.path("checkpointSeconds").asInt(), n.path("noise").asDouble());
    }
}
