package org.nice4j.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import org.nice4j.NiceException;

/**
 * The distribution of a model's log-likelihoods on its validation data, kept in the model file as the values at the
 * probabilities 0, 1/1000, …, 1 (linear interpolation between order statistics), so that new rows can be compared
 * with what the model saw: a row scoring below the q-quantile is as unlikely as the least likely q of the validation
 * rows.
 *
 * @param count  the number of validation rows
 * @param values the log-likelihoods (nats) at probabilities k/{@value #STEPS}, k = 0..{@value #STEPS}, ascending
 */
public record ScoreQuantiles(int count, double[] values) {
    /** Probability steps of the table: 1001 values, a few kilobytes in a model file. */
    public static final int STEPS = 1000;
    /** The provenance key a model file keeps them under. */
    public static final String KEY = "validation_log_likelihood_quantiles";

    @JsonCreator
    public ScoreQuantiles(@JsonProperty("count") int count, @JsonProperty("values") double[] values) {
        if (values == null || values.length != STEPS + 1) {
            throw new NiceException("a quantile table needs " + (STEPS + 1) + " values");
        }
        this.count = count;
        this.values = values;
    }

    /** The table of {@code logLikelihoods} (at least one, all finite). */
    public static ScoreQuantiles of(double[] logLikelihoods) {
        double[] sorted = logLikelihoods.clone();
        Arrays.sort(sorted);
        double[] table = new double[STEPS + 1];
        for (int k = 0; k <= STEPS; k++) {
            table[k] = interpolate(sorted, (double) k / STEPS);
        }
        return new ScoreQuantiles(sorted.length, table);
    }

    /** The log-likelihood at probability {@code q} in [0, 1], interpolated linearly in the table. */
    public double at(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("a probability must be in [0, 1], got " + q);
        }
        return interpolate(values, q);
    }

    /** The value at probability {@code q} of ascending {@code sorted}, between the two nearest order statistics. */
    static double interpolate(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
