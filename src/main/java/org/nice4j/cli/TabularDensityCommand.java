package org.nice4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nice4j.experiment.TabularDensityExperiment;
import org.nice4j.train.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "tabular-density", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the tabular preset on a seeded mixture of full-covariance Gaussians whose columns are in "
                + "unrelated units, and compare its test log-likelihood with the true density and with the Gaussian "
                + "fitted to the training rows; then score injected outliers (test rows with half their columns from "
                + "another row).",
                "Writes OUT/{summary.json, scores.png, train.csv, valid.csv, test.csv, outliers.csv} and the run's "
                        + "model.nice4j, checkpoint.nice4j, metrics.csv and curve.png."})
final class TabularDensityCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dimension", defaultValue = "8", description = "Columns (default: ${DEFAULT-VALUE}).")
    int dimension;

    @Option(names = "--components", defaultValue = "3", description = "Gaussians in the mixture (default: ${DEFAULT-VALUE}).")
    int components;

    @Option(names = "--rows", defaultValue = "16000",
            description = "Training rows; validation, test and outliers get a quarter as many each (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--epochs", defaultValue = "20", description = "Epochs to train (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "0", description = "Seed for the table, initialisation and order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (also the run folder).")
    Path out;

    @Option(names = "--no-progress", description = "No progress bar (one line per epoch only).")
    boolean noProgress;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        TabularDensityExperiment.Result r;
        try (ProgressListener listener = new ProgressListener(console, !noProgress, new StopOnSignal().install())) {
            r = TabularDensityExperiment.run(new TabularDensityExperiment.Settings(dimension, components, rows, epochs,
                    seed, TrainingSettings.NONE), common.device(), out, listener);
        }
        console.printf(Locale.ROOT, "test log-likelihood (nats per row): gaussian fit %.3f, tabular flow %.3f, "
                + "true density %.3f; the flow closes %.1f%% of the gap%n", r.gaussianFit(), r.flow(), r.truth(),
                100 * r.gapClosed());
        console.printf(Locale.ROOT, "flagged below the 1%% validation quantile: %.1f%% of test rows, %.1f%% of outliers"
                + " (the true density: %.1f%%)%n", 100 * r.flaggedTest(), 100 * r.flaggedOutliers(),
                100 * r.truthFlagsOutliers());
        console.printf("wrote %s and %s%n", out.resolve("summary.json"), out.resolve("scores.png"));
        return 0;
    }
}
