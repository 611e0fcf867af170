package org.nice4j.experiment;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nice4j.NiceException;
import org.nice4j.Seeds;
import org.nice4j.data.Batches;
import org.nice4j.infer.LatentStatistics;
import org.nice4j.data.ContinuousExamples;
import org.nice4j.data.Examples;
import org.nice4j.data.NoisyExamples;
import org.nice4j.model.FlowModel;
import org.nice4j.model.ModelConfig;
import org.nice4j.model.NetworkConfig;
import org.nice4j.model.Preprocessing;
import org.nice4j.prior.ClassConditionalGaussian;
import org.nice4j.train.Adam;
import org.nice4j.train.PlateauSchedule;
import org.nice4j.train.TrainingStep;
import org.nice4j.train.RunDirectory;
import org.nice4j.viz.Charts;

/**
 * GIN experiment 1 (§4.3.1, App. D–E): train a GIN on {@link GinToyData} with a class-conditional Gaussian latent
 * model and check that it recovers the two informative variables, i.e. that the spectrum of latent standard
 * deviations has two large values and eight small ones and that each true informative variable is strongly
 * correlated with one recovered variable.
 */
public final class GinToyExperiment {
    private static final int ENCODE_BATCH = 1000;

    /**
     * @param noise          σ of the Gaussian noise added to the observations at every step (augmentation)
     * @param patience       epochs without improvement before the learning rate is divided by 10
     */
    public record Settings(int points, int epochs, long seed, int batchSize, double learningRate, double noise,
            int patience, ClassConditionalGaussian.Moments moments) {
        public Settings {
            if (epochs < 1 || batchSize < 1) {
                throw new org.nice4j.UsageException("need epochs >= 1 and batch >= 1, got " + epochs + ", " + batchSize);
            }
        }

        /** The paper's: Adam at 1e−2, batch 1000, noise 0.01, moments of the minibatch (App. D.1). */
        public static Settings paper(int points, int epochs, long seed) {
            return new Settings(points, epochs, seed, 1000, 1e-2, 0.01, 5, ClassConditionalGaussian.Moments.MINIBATCH);
        }
    }

    /**
     * @param spectrum       latent standard deviations, largest first
     * @param correlations   for each true informative variable, the largest |correlation| with a recovered one
     * @param matched        the recovered variable attaining it
     */
    public record Result(double[] spectrum, double[] correlations, int[] matched, List<Double> epochLosses,
            List<Double> learningRates) {}

    /** Told after every epoch. */
    public interface Listener {
        void epochFinished(int epoch, int epochs, double meanLoss, double learningRate);
    }

    private GinToyExperiment() {}

    /**
     * The estimating model of GIN App. D: 8 GIN blocks, subnets 5→10→10→10, identity start, clamp 2, and the
     * class-conditional Gaussian prior over the 5 classes.
     */
    static ModelConfig estimator(long seed, ClassConditionalGaussian.Moments moments) {
        String prior = moments == ClassConditionalGaussian.Moments.MINIBATCH ? ClassConditionalGaussian.MINIBATCH_ID
                : ClassConditionalGaussian.LEARNED_ID;
        return new ModelConfig(GinToyData.DIMENSION, "gin", 16, "halves", new NetworkConfig(10, 2, "he", 0, true),
                false, prior, 2, seed, null, null, GinToyData.CLASSES);
    }

    /** Generates the data, trains, and writes summary.json and the figures into {@code out}. */
    public static Result run(Settings s, Device device, Path out, Listener listener) {
        GinToyData data = GinToyData.generate(s.points(), s.seed());
        try (FlowModel flow = FlowModel.create(estimator(Seeds.mix(s.seed(), 3), s.moments()),
                Preprocessing.continuous(GinToyData.DIMENSION), device, Seeds.mix(s.seed(), 4))) {
            List<Double> losses = new ArrayList<>();
            List<Double> rates = new ArrayList<>();
            train(flow, data, s, listener, losses, rates);
            float[][] latents = flow.encode(data.observed(), ENCODE_BATCH);
            ((ClassConditionalGaussian) flow.prior()).fit(latents, data.labels());
            Result result = evaluate(data, latents, losses, rates);
            write(out, s, data, latents, result);
            return result;
        }
    }

    private static void train(FlowModel flow, GinToyData data, Settings s, Listener listener, List<Double> losses,
            List<Double> rates) {
        TrainingStep step = new TrainingStep(flow, new Adam(flow.parameters(), 0.9, 0.999, 1e-8));
        PlateauSchedule schedule = new PlateauSchedule(s.learningRate(), 10, s.patience(), 1e-3,
                s.learningRate() / 100);
        Examples examples = new NoisyExamples(ContinuousExamples.ofRows(data.observed(), data.labels()), s.noise());
        for (int epoch = 0; epoch < s.epochs(); epoch++) {
            int[][] batches = Batches.shuffledBatches(data.size(), s.batchSize(),
                    new SplittableRandom(Seeds.mix(s.seed(), 5, epoch)));
            double sum = 0;
            for (int b = 0; b < batches.length; b++) {
                float[] rows = examples.batch(batches[b], new SplittableRandom(Seeds.mix(s.seed(), 6, epoch, b)));
                double loss = step.run(rows, examples.condition(batches[b]), batches[b].length, schedule.rate(), 0);
                if (!Double.isFinite(loss)) {
                    throw new NiceException("training diverged: the loss is " + loss + " at epoch " + (epoch + 1)
                            + ", minibatch " + (b + 1) + " (try a smaller learning rate)");
                }
                sum += loss;
            }
            double mean = sum / batches.length;
            losses.add(mean);
            rates.add(schedule.rate());
            listener.epochFinished(epoch + 1, s.epochs(), mean, schedule.rate());
            schedule.observe(mean);
        }
    }

    static Result evaluate(GinToyData data, float[][] latents, List<Double> losses, List<Double> rates) {
        double[] correlations = new double[GinToyData.INFORMATIVE];
        int[] matched = new int[GinToyData.INFORMATIVE];
        for (int j = 0; j < GinToyData.INFORMATIVE; j++) {
            LatentStatistics.Match m = LatentStatistics.bestMatch(LatentStatistics.column(data.latents(), j), latents);
            correlations[j] = m.absCorrelation();
            matched[j] = m.column();
        }
        return new Result(LatentStatistics.spectrum(latents), correlations, matched, List.copyOf(losses),
                List.copyOf(rates));
    }

    private static void write(Path out, Settings s, GinToyData data, float[][] latents, Result r) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new NiceException(out + ": cannot create the output folder (" + e.getMessage() + ")");
        }
        double[] std = LatentStatistics.standardDeviations(latents);
        int[] top = topTwo(std);
        Charts.scatter("True latent variables (informative)", "z1", "z2", byClass(data, data.latents(), 0, 1),
                out.resolve("true_latents.png"));
        Charts.scatter("Recovered latent variables (two largest std)", "h" + (top[0] + 1), "h" + (top[1] + 1),
                byClass(data, latents, top[0], top[1]), out.resolve("recovered_latents.png"));
        Charts.barChart("Spectrum: latent standard deviations", "latent variable (sorted)", "standard deviation",
                r.spectrum(), true, out.resolve("spectrum.png"));
        LinkedHashMap<String, double[][]> curve = new LinkedHashMap<>();
        double[] epochs = new double[r.epochLosses().size()];
        for (int i = 0; i < epochs.length; i++) {
            epochs[i] = i + 1;
        }
        curve.put("train NLL", new double[][] {epochs, r.epochLosses().stream().mapToDouble(Double::doubleValue).toArray()});
        Charts.lineChart("Training loss", "epoch", "mean NLL (nats)", curve, out.resolve("curve.png"));

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("experiment", "gin-toy (GIN section 4.3.1)");
        summary.put("settings", s);
        summary.put("spectrum", r.spectrum());
        summary.put("true_spectrum", LatentStatistics.spectrum(data.latents()));
        summary.put("correlations", r.correlations());
        summary.put("matched_latents", r.matched());
        summary.put("final_loss", r.epochLosses().get(r.epochLosses().size() - 1));
        summary.put("learning_rates", r.learningRates());
        summary.put("epoch_losses", r.epochLosses());
        new RunDirectory(out).writeSummary(summary);
    }

    private static int[] topTwo(double[] std) {
        int first = 0;
        for (int j = 1; j < std.length; j++) {
            first = std[j] > std[first] ? j : first;
        }
        int second = first == 0 ? 1 : 0;
        for (int j = 0; j < std.length; j++) {
            second = j != first && std[j] > std[second] ? j : second;
        }
        return new int[] {first, second};
    }

    private static LinkedHashMap<String, double[][]> byClass(GinToyData data, float[][] rows, int xColumn, int yColumn) {
        LinkedHashMap<String, double[][]> groups = new LinkedHashMap<>();
        for (int k = 0; k < GinToyData.CLASSES; k++) {
            final int label = k;
            int[] members = java.util.stream.IntStream.range(0, data.size()).filter(i -> data.labels()[i] == label)
                    .toArray();
            double[][] xy = new double[2][members.length];
            for (int i = 0; i < members.length; i++) {
                xy[0][i] = rows[members[i]][xColumn];
                xy[1][i] = rows[members[i]][yColumn];
            }
            groups.put("class " + k, xy);
        }
        return groups;
    }
}
