package org.nice4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import org.nice4j.NiceException;
import org.nice4j.Seeds;
import org.nice4j.data.Batches;
import org.nice4j.data.Examples;
import org.nice4j.engine.Host;
import org.nice4j.data.Dequantizer;
import org.nice4j.model.DensityModel;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Scoring;

/** Scores of a model on a set of examples, with evaluation noise fixed per example. */
public final class Evaluator {
    /**
     * Rows per scoring batch: large enough that per-batch overheads vanish, small enough that every batch's
     * temporaries stay below glibc's mmap ceiling and are reused rather than mapped and page-faulted afresh.
     */
    public static final int BATCH = 200;

    private Evaluator() {}

    /** Per-example log-likelihoods log p(x) in nats, in example order. */
    public static double[] logLikelihoods(FlowModel model, Examples examples, int batchSize) {
        checkDimension(model, examples);
        double[] out = new double[examples.size()];
        int at = 0;
        for (int[] batch : Batches.sequentialBatches(examples.size(), batchSize)) {
            try (NDManager scope = model.manager().newSubManager()) {
                for (float v : model.logProb(rows(scope, examples, batch)).toFloatArray()) {
                    out[at++] = v;
                }
            }
        }
        return out;
    }

    /** The mean of {@link #logLikelihoods}, summed in double precision. */
    public static double meanLogLikelihood(FlowModel model, Examples examples, int batchSize) {
        return mean(logLikelihoods(model, examples, batchSize));
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }

    /**
     * Per-example validation scores (see {@link DensityModel#validationScore}): log p(x) for a flow, a seeded draw of
     * the evidence lower bound for a latent-variable model, the draw fixed by the batch's position.
     */
    public static double[] validationScores(DensityModel model, Examples examples, int batchSize) {
        checkDimension(model, examples);
        double[] out = new double[examples.size()];
        int at = 0;
        int index = 0;
        for (int[] batch : Batches.sequentialBatches(examples.size(), batchSize)) {
            try (NDManager scope = model.manager().newSubManager()) {
                long seed = Seeds.mix(Dequantizer.EVALUATION_SEED, index++);
                for (float v : model.validationScore(rows(scope, examples, batch), seed).toFloatArray()) {
                    out[at++] = v;
                }
            }
        }
        return out;
    }

    /** The mean of {@link #validationScores}, summed in double precision. */
    public static double meanValidationScore(DensityModel model, Examples examples, int batchSize) {
        return mean(validationScores(model, examples, batchSize));
    }

    /** {@link #meanScores(DensityModel, Examples, int, Scoring, IntConsumer)} with the paper's scoring, silently. */
    public static Map<String, Double> meanScores(DensityModel model, Examples examples, int batchSize) {
        return meanScores(model, examples, batchSize, Scoring.PAPER, done -> {});
    }

    /**
     * The means over the examples of every score the model gives with their conditions (see
     * {@link DensityModel#scores}): {@value DensityModel#LOG_LIKELIHOOD} first, then what the model adds, for example
     * a class-conditional prior's log p(x | u) and class accuracy on labelled examples, or a latent-variable model's
     * evidence lower bound. Sums are in double precision. The importance samples of batch i come from
     * {@code scoring}'s seed mixed with i, so a score does not depend on what else is scored.
     *
     * @param progress told the number of examples scored after every batch
     */
    public static Map<String, Double> meanScores(DensityModel model, Examples examples, int batchSize,
            Scoring scoring, IntConsumer progress) {
        checkDimension(model, examples);
        Map<String, double[]> sums = new LinkedHashMap<>(); // one running sum each, added in example order
        int index = 0;
        for (int[] batch : Batches.sequentialBatches(examples.size(), batchSize)) {
            try (NDManager scope = model.manager().newSubManager()) {
                Scoring batchScoring = new Scoring(scoring.importanceSamples(), Seeds.mix(scoring.seed(), index++));
                model.scores(rows(scope, examples, batch), examples.condition(batch), batchScoring)
                        .forEach((name, values) -> {
                            double[] sum = sums.computeIfAbsent(name, k -> new double[1]);
                            for (float v : values.toFloatArray()) {
                                sum[0] += v;
                            }
                        });
            }
            progress.accept(batch.length);
        }
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((name, sum) -> means.put(name, examples.size() == 0 ? Double.NaN : sum[0] / examples.size()));
        return means;
    }

    private static NDArray rows(NDManager scope, Examples examples, int[] batch) {
        return Host.array(scope, examples.evaluationBatch(batch), new Shape(batch.length, examples.dimension()));
    }

    private static void checkDimension(DensityModel model, Examples examples) {
        if (examples.dimension() != model.dimension()) {
            throw new NiceException("the data has " + examples.dimension() + " dimensions per example, the model "
                    + model.dimension());
        }
    }
}
