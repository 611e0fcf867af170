package org.nice4j.train;

import com.tdunning.math.stats.TDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Count, mean, standard deviation and quantiles of a stream of log-likelihoods, in constant memory: the quantiles
 * come from a t-digest (Dunning's merging digest), accurate to a fraction of a percent in rank and best in the
 * tails, where anomalies lie. Non-finite scores (a diverged model) are counted apart.
 */
public final class ScoreStatistics {
    /** The probabilities reported. */
    public static final List<Double> PROBABILITIES = List.of(0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99);
    private static final double COMPRESSION = 200;

    private final TDigest digest = TDigest.createMergingDigest(COMPRESSION);
    private long count;
    private long nonFinite;
    private double mean;
    private double squares; // Welford's running sum of squared deviations

    public void add(double logLikelihood) {
        if (!Double.isFinite(logLikelihood)) {
            nonFinite++;
            return;
        }
        count++;
        double delta = logLikelihood - mean;
        mean += delta / count;
        squares += delta * (logLikelihood - mean);
        digest.add(logLikelihood);
    }

    /** Finite scores seen. */
    public long count() {
        return count;
    }

    public double mean() {
        return count == 0 ? Double.NaN : mean;
    }

    /** The sample standard deviation (n − 1 in the denominator). */
    public double standardDeviation() {
        return count < 2 ? Double.NaN : Math.sqrt(squares / (count - 1));
    }

    /** The estimated value at probability {@code q}. */
    public double quantile(double q) {
        return count == 0 ? Double.NaN : digest.quantile(q);
    }

    /** The statistics as JSON-ready values: count, non_finite, mean, standard_deviation, quantiles by probability. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", count);
        out.put("non_finite", nonFinite);
        out.put("mean", finiteOrNull(mean()));
        out.put("standard_deviation", finiteOrNull(standardDeviation()));
        Map<String, Object> quantiles = new LinkedHashMap<>();
        for (double q : PROBABILITIES) {
            quantiles.put(String.format(Locale.ROOT, "%s", q), finiteOrNull(quantile(q)));
        }
        out.put("quantiles", quantiles);
        return out;
    }

    private static Object finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
