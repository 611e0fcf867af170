package org.nice4j.experiment;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;
import org.nice4j.Seeds;
import org.nice4j.data.ContinuousExamples;
import org.nice4j.infer.LatentStatistics;
import org.nice4j.io.ModelFile;
import org.nice4j.model.CouplingKind;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Layout;
import org.nice4j.model.ModelConfig;
import org.nice4j.model.NetworkConfig;
import org.nice4j.model.PartitionKind;
import org.nice4j.model.Preprocessing;
import org.nice4j.nn.Init;
import org.nice4j.prior.ClassConditionalGaussian;
import org.nice4j.prior.PriorKind;
import org.nice4j.train.EpochMetrics;
import org.nice4j.train.OptimizerSettings;
import org.nice4j.train.RunDirectory;
import org.nice4j.train.Schedule;
import org.nice4j.train.TrainingConfig;
import org.nice4j.train.TrainingListener;
import org.nice4j.train.TrainingRun;
import org.nice4j.viz.Charts;

/**
 * GIN experiment 1 (§4.3.1, App. D–E): train a GIN on {@link GinToyData} with a class-conditional Gaussian latent
 * model and check that it recovers the two informative variables, i.e. that the spectrum of latent standard
 * deviations has two large values and eight small ones and that each true informative variable is strongly
 * correlated with one recovered variable.
 */
public final class GinToyExperiment {
    /** The dataset name in a run's provenance, from which a resumed run makes the same data again. */
    public static final String DATASET = "gin-toy";
    private static final int ENCODE_BATCH = 1000;
    private static final int CHECKPOINT_SECONDS = 600;

    /**
     * @param noise          σ of the Gaussian noise added to the observations at every step (augmentation)
     * @param patience       epochs without improvement before the learning rate is divided by 10
     */
    public record Settings(int points, int epochs, long seed, int batchSize, double learningRate, double noise,
            int patience, ClassConditionalGaussian.Moments moments) {
        public Settings {
            if (epochs < 1) {
                throw new InvalidSettingException("epochs", "the number of epochs must be at least 1, got " + epochs);
            }
            if (batchSize < 1) {
                throw new InvalidSettingException("batchSize", "the minibatch size must be at least 1, got "
                        + batchSize);
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

    private GinToyExperiment() {}

    /**
     * The estimating model of GIN App. D: 8 GIN blocks, subnets 5→10→10→10, identity start, clamp 2, and the
     * class-conditional Gaussian prior over the 5 classes.
     */
    static ModelConfig estimator(long seed, ClassConditionalGaussian.Moments moments) {
        PriorKind prior = moments == ClassConditionalGaussian.Moments.MINIBATCH ? PriorKind.CLASS_GAUSSIAN
                : PriorKind.CLASS_GAUSSIAN_LEARNED;
        return new ModelConfig(CouplingKind.GIN, new Layout.Flat(16, PartitionKind.HALVES), new NetworkConfig(10, 2, Init.HE, 0, true),
                false, prior, 2, seed, GinToyData.CLASSES);
    }

    /**
     * The training the paper describes (App. D): Adam at the settings' rate, divided by 10 whenever the training loss
     * stops improving for {@code patience} epochs (down to a hundredth), noise added to every minibatch.
     */
    static TrainingConfig training(Settings s) {
        return new TrainingConfig(s.epochs(), s.batchSize(), OptimizerSettings.Adam.standard(), s.learningRate(),
                List.of(new Schedule.Plateau(10, s.patience(), 1e-3, s.learningRate() / 100)), s.seed(),
                CHECKPOINT_SECONDS, s.noise());
    }

    /** The data of a run: every point trains (the paper holds none out), and the figures judge the result. */
    public static TrainingRun.Data data(GinToyData data) {
        return new TrainingRun.Data(ContinuousExamples.ofRows(data.observed(), data.labels()), null, null);
    }

    /**
     * Generates the data, trains through the one training loop (checkpoints, metrics.csv and curve.png in
     * {@code out}, so {@code nice4j train --resume out} continues the run), then writes summary.json and the
     * figures for the final model.
     */
    public static Result run(Settings s, Device device, Path out, TrainingListener listener) {
        GinToyData data = GinToyData.generate(s.points(), s.seed());
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("dataset", DATASET);
        provenance.put("points", s.points());
        provenance.put("data_seed", s.seed());
        TrainingRun.Outcome outcome = TrainingRun.start(out, estimator(Seeds.mix(s.seed(), 3), s.moments()),
                Preprocessing.continuous(GinToyData.DIMENSION), training(s), device, data(data), provenance, listener);
        try (FlowModel flow = ModelFile.load(outcome.run().model(), device).flow()) {
            float[][] latents = flow.encode(data.observed(), ENCODE_BATCH);
            List<EpochMetrics> history = outcome.state().history();
            Result result = evaluate(data, latents, history.stream().map(EpochMetrics::trainNll).toList(),
                    history.stream().map(EpochMetrics::learningRate).toList());
            write(out, s, data, latents, result);
            return result;
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
