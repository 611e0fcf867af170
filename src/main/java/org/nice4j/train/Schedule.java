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
        @JsonSubTypes.Type(value = Schedule.Warmup.class, name = "warmup"),
        @JsonSubTypes.Type(value = Schedule.Cosine.class, name = "cosine")})
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

    /**
     * The VDAE paper (App. D): the rate grows linearly from {@code from} to the rate the earlier rules give over the
     * first {@code steps} minibatches, for stability while the networks are far from any fit.
     */
    record Warmup(long steps, double from) implements Schedule {
        public Warmup {
            if (steps < 1 || !(from > 0)) {
                throw new InvalidSettingException("schedules", "a warm-up needs at least 1 step and a positive starting"
                        + " rate, got " + steps + " and " + from);
            }
        }

        @Override
        public double apply(double rate, long step, int epochIndex, List<EpochMetrics> history) {
            return step >= steps ? rate : from + (rate - from) * step / steps;
        }

        @Override
        public String describe() {
            return "warmed up from " + plain(from) + " over " + steps + " steps";
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
     * A run of a known length: the full rate until minibatch {@code start} (a warm-up listed after this rule shapes
     * those first steps), then half a cosine down to {@code floor} at minibatch {@code end}, where it stays if the run
     * is extended beyond it.
     */
    record Cosine(long start, long end, double floor) implements Schedule {
        public Cosine {
            if (start < 0 || end <= start || !(floor >= 0)) {
                throw new InvalidSettingException("schedules", "a cosine decay needs 0 <= start < end and a floor >= 0,"
                        + " got " + start + ", " + end + " and " + floor);
            }
        }

        @Override
        public double apply(double rate, long step, int epochIndex, List<EpochMetrics> history) {
            double done = Math.min(1, (double) Math.max(0, step - start) / (end - start));
            return floor + (rate - floor) * 0.5 * (1 + Math.cos(Math.PI * done));
        }

        @Override
        public String describe() {
            return "cosine down to " + plain(floor) + " from step " + start + " to step " + end;
        }
    }
}
