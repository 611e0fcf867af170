package org.nice4j.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the workers of one synchronous round send back, summed over the workers as Spark reduces them: each array
 * already multiplied by the worker's examples, so that dividing by {@link #examples} gives the weighted average.
 *
 * @param arrays         gradients (one local step) or parameters and optimizer state (several), by name, weighted
 * @param examples       the examples the workers trained on this round
 * @param lossSum        the sum over the minibatches of loss × minibatch size
 * @param computeSeconds the longest worker's time in local training (the round waits for it)
 */
record RoundResult(LinkedHashMap<String, float[]> arrays, long examples, double lossSum, double computeSeconds)
        implements Serializable {

    /** A worker's result: {@code arrays} weighted by its {@code examples}. */
    static RoundResult of(Map<String, float[]> arrays, long examples, double lossSum, double computeSeconds) {
        LinkedHashMap<String, float[]> weighted = new LinkedHashMap<>();
        arrays.forEach((name, values) -> {
            float[] w = new float[values.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = values[i] * examples;
            }
            weighted.put(name, w);
        });
        return new RoundResult(weighted, examples, lossSum, computeSeconds);
    }

    /** A worker that had no minibatch left this round. */
    static RoundResult empty() {
        return new RoundResult(new LinkedHashMap<>(), 0, 0, 0);
    }

    /**
     * The sum of two workers' results, added into this one's arrays (Spark hands each partial sum over once). A worker
     * whose loss was not finite may lack arrays; the driver stops the run on its loss.
     */
    RoundResult plus(RoundResult other) {
        other.arrays.forEach((name, values) -> arrays.merge(name, values, (sum, more) -> {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += more[i];
            }
            return sum;
        }));
        return new RoundResult(arrays, examples + other.examples, lossSum + other.lossSum,
                Math.max(computeSeconds, other.computeSeconds));
    }

    /** The weighted average of array {@code name}. */
    float[] average(String name) {
        float[] sum = arrays.get(name);
        float[] mean = new float[sum.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = sum[i] / examples;
        }
        return mean;
    }
}
