package org.nice4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nice4j.experiment.GinToyExperiment.Result;
import org.nice4j.experiment.GinToyExperiment.Settings;
import org.nice4j.experiment.GinToyExperiment;
import org.nice4j.prior.ClassConditionalGaussian.Moments;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "gin-toy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"GIN experiment 1 (section 4.3.1): recover 2 informative latent variables out of 10 from data "
                + "mixed by a random RealNVP, with a volume-preserving GIN and a class-conditional Gaussian latent model.",
                "Writes OUT/{summary.json, spectrum.png, true_latents.png, recovered_latents.png, curve.png} and the run's"
                        + " model.nice4j, checkpoint.nice4j and metrics.csv."})
final class GinToyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--points", defaultValue = "10000", description = "Data points (default: ${DEFAULT-VALUE}; the paper: 100000).")
    int points;

    @Option(names = "--epochs", defaultValue = "60", description = "Epochs to train (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "0", description = "Seed for data, initialisation, order and noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch", defaultValue = "1000", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-2", description = "Initial Adam learning rate, divided by 10 on plateaus (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--patience", defaultValue = "5", description = "Epochs without improvement before dividing the rate (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--learned-moments", description = "Learn per-class means and variances instead of taking each minibatch's (GIN App. D.1).")
    boolean learnedMoments;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder; it also holds the run (checkpoint, metrics), so `nice4j train --resume DIR` continues it.")
    Path out;

    @Option(names = "--no-progress", description = "No progress bar (one line per epoch only).")
    boolean noProgress;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        Settings s = new Settings(points, epochs, seed, batch, lr, 0.01, patience,
                learnedMoments ? Moments.LEARNED : Moments.MINIBATCH);
        Result r;
        try (ProgressListener listener = new ProgressListener(console, !noProgress, new StopOnSignal().install())) {
            r = GinToyExperiment.run(s, common.device(), out, listener);
        }
        console.printf(Locale.ROOT, "spectrum (latent std, sorted): %s%n", format(r.spectrum()));
        console.printf(Locale.ROOT, "best |corr| with true informative variables: %s (latents %s)%n",
                format(r.correlations()), Arrays.toString(Arrays.stream(r.matched()).map(i -> i + 1).toArray()));
        console.printf("wrote %s%n", out.resolve("summary.json"));
        return 0;
    }

    private static String format(double[] v) {
        return Arrays.stream(v).mapToObj(x -> String.format(Locale.ROOT, "%.3g", x))
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
}
