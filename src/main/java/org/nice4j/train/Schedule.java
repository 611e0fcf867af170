package org.nice4j.train;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.math.BigDecimal;
import java.util.List;
import org.nice4j.InvalidSettingException;

/**
 * One rule that shapes the learning rate over a run. A configuration lists any number of them; each takes the rate
 * the previous ones left and returns its own, so NICE's per-step decay and GIN's final ÷10 phase compose. Every rule
 * is a pure function of the position in the run and of the finished epochs' metrics, so a resumed run computes the
 * same rates as the uninterrupted one without storing any schedule state.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = Schedule.ExponentialDecay.class, name = "exponential-decay"),
        @JsonSubTypes.Type(value = Schedule.StepDrop.class, name = "step-drop"),
        @JsonSubTypes.Type(value = Schedule.Plateau.class, name = "plateau"),
        @JsonSubTypes.Type(value = Schedule.WarmupCosine.class, name = "warmup-cosine")})
public sealed interface Schedule {

    /**
     * @param rate       the rate before this rule
     * @param step       the 0-based global minibatch number
     * @param epochIndex the 0-based epoch
     * @param history    the metrics of the epochs finished before this one
     */
    double apply(double rate, long step, int epochIndex, List<EpochMetrics> history);

    /** The rule in a few words, for a run's first lines. */
    String describe();

    /** A number as people write it: 10, 0.0001, 1.0005. */
    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** NICE (section 5.1): divided by {@code perStep} after every minibatch, never below {@code floor}. */
    record ExponentialDecay(double perStep, double floor) implements Schedule {
        public ExponentialDecay {
            if (!(perStep >= 1) || !(floor > 0)) {
                throw new InvalidSettingException("schedules", "an exponential decay needs a factor >= 1 and a positive floor, got "
                        + perStep + " and " + floor);
            }
        }

        @Override
        public double apply(double rate, long step, int epochIndex, List<EpochMetrics> history) {
            return Math.max(rate / Math.pow(perStep, step), floor);
        }

        @Override
        public String describe() {
            return "lr / " + plain(perStep) + " per step down to " + plain(floor);
        }
    }

    /** GIN (App. D): divided by {@code factor} from the 1-based epoch {@code fromEpoch} on. */
    record StepDrop(int fromEpoch, double factor) implements Schedule {
        public StepDrop {
            if (fromEpoch < 1 || !(factor > 0)) {
                throw new InvalidSettingException("schedules", "a step drop needs an epoch >= 1 and a positive factor, got " + fromEpoch
                        + " and " + factor);
            }
        }

        @Override
        public double apply(double rate, long step, int epochIndex, List<EpochMetrics> history) {
            return epochIndex + 1 >= fromEpoch ? rate / factor : rate;
        }

        @Override
        public String describe() {
            return "lr / " + plain(factor) + " from epoch " + fromEpoch;
        }
    }

    /**
     * "Train until the loss converges, then divide the learning rate by 10 and train again" (GIN §4.3.1) as a rule:
     * after {@code patience} epochs whose mean training loss did not beat the best by more than
     * {@code minImprovement} nats, the rate is divided by {@code factor}, never below {@code floor}.
     */
    record Plateau(double factor, int patience, double minImprovement, double floor) implements Schedule {
        public Plateau {
            if (!(factor > 1) || patience < 1 || !(floor > 0) || !(minImprovement >= 0)) {
                throw new InvalidSettingException("schedules", "a plateau rule needs a factor > 1, patience >= 1, a positive floor and an"
                        + " improvement >= 0, got " + factor + ", " + patience + ", " + floor + ", " + minImprovement);
            }
        }

        /** Replays the finished epochs' training losses, as the rule would have watched them. */
        @Override
        public double apply(double rate, long step, int epochIndex, List<EpochMetrics> history) {
            double best = Double.POSITIVE_INFINITY;
            int without = 0;
            for (EpochMetrics epoch : history) {
                double loss = epoch.trainNll();
                if (loss < best - minImprovement) {
                    best = loss;
                    without = 0;
                } else if (++without >= patience && rate > floor) {
                    rate = Math.max(floor, rate / factor);
                    without = 0;
                    best = loss;
                }
            }
            return rate;
        }

        @Override
        public String describe() {
            return "lr / " + plain(factor) + " after " + patience + " epochs without improvement, down to "
                    + plain(floor);
        }
    }

    /**
     * A run of a known length: the rate rises linearly from rate/{@code warmupSteps} to the full rate over the first
     * {@code warmupSteps} minibatches (so that Adam's first, noisy second-moment estimates do not take full steps),
     * then falls along half a cosine to {@code floor} at minibatch {@code totalSteps}, and stays there if the run is
     * extended beyond it.
     */
    record WarmupCosine(long warmupSteps, long totalSteps, double floor) implements Schedule {
        public WarmupCosine {
            if (warmupSteps < 0 || totalSteps <= warmupSteps || !(floor >= 0)) {
                throw new InvalidSettingException("schedules", "a warm-up and cosine decay needs 0 <= warm-up steps <"
                        + " total steps and a floor >= 0, got " + warmupSteps + ", " + totalSteps + " and " + floor);
            }
        }

        @Override
        public double apply(double rate, long step, int epochIndex, List<EpochMetrics> history) {
            if (step < warmupSteps) {
                return rate * (step + 1) / warmupSteps;
            }
            double done = Math.min(1, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
            return floor + (rate - floor) * 0.5 * (1 + Math.cos(Math.PI * done));
        }

        @Override
        public String describe() {
            return "lr warmed up over " + warmupSteps + " steps, then cosine down to " + plain(floor) + " at step "
                    + totalSteps;
        }
    }
}
