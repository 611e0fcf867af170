package org.nice4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nice4j.NiceException;
import org.nice4j.infer.ClassLatents;
import org.nice4j.infer.Spectrum;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Preprocessing;
import org.nice4j.train.RunDirectory;
import org.nice4j.viz.Charts;
import org.nice4j.viz.ImageGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "traverse", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"GIN's latent views of a class-conditional model (GIN §4.4, App. F, Fig. 9), written to DIR:",
                "spectrum.png/.csv: latent variables by their spread √(mean over classes of σ²), sorted, log scale;",
                "variable-NN.png: the NN-th most important variable from -2 to +2 standard deviations, one row per "
                        + "class, all other variables at the class mean, and a heatmap of |x(+1σ) - x(-1σ)|;",
                "samples-T1.0.png, samples-T0.8.png: only the top variables sampled, each row one style across "
                        + "all classes;",
                "summary.json: the spectrum and each shown variable's mean heatmap value (its visible effect)."})
final class TraverseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--top", defaultValue = "22",
            description = "How many of the most important variables to traverse and sample (GIN found 22; default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--rows", defaultValue = "8", description = "Rows of style samples per temperature (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the style samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the figures.")
    Path out;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (rows < 1 || rows > 100) {
            throw new UsageException("--rows must be between 1 and 100, got " + rows);
        }
        try (FlowModel flow = model.load(common).flow()) {
            Preprocessing pre = flow.preprocessing();
            if (!pre.isImage()) {
                throw new NiceException(model.file + ": traversal figures need an image model");
            }
            ClassLatents latents = new ClassLatents(flow);
            if (top < 1 || top > flow.dimension()) {
                throw new UsageException("--top must be between 1 and " + flow.dimension() + ", got " + top);
            }
            double[] importance = latents.importance();
            int[] ranking = latents.ranking();
            writeSpectrum(importance, ranking);
            List<String> classes = new ArrayList<>();
            for (int k = 0; k < flow.prior().classes(); k++) {
                classes.add(String.valueOf(k));
            }
            double[] effects = new double[top];
            for (int r = 0; r < top; r++) {
                ClassLatents.Traversal t = latents.traverse(ranking[r]);
                effects[r] = mean(t.heatmaps());
                ImageGrid.writePng(ImageGrid.labelledRows(classes, List.of(t.images()), List.of(t.heatmaps()),
                        pre.height(), pre.width(), ImageGrid.DEFAULT_PADDING, ImageGrid.DEFAULT_SCALE),
                        out.resolve(String.format(Locale.ROOT, "variable-%02d.png", r + 1)));
            }
            for (double temperature : new double[] {1.0, 0.8}) {
                ImageGrid.writeGrid(latents.styleSamples(top, rows, temperature, seed), pre.height(), pre.width(),
                        classes.size(), out.resolve(String.format(Locale.ROOT, "samples-T%.1f.png", temperature)));
            }
            writeSummary(importance, ranking, effects);
            spec.commandLine().getOut().printf(Locale.ROOT,
                    "spread of the top variables %.3g … %.3g, of the last %.3g; %d traversals and samples at T = 1.0"
                            + " and 0.8 written to %s%n",
                    importance[ranking[0]], importance[ranking[top - 1]], importance[ranking[ranking.length - 1]], top,
                    out);
            return 0;
        }
    }

    private void writeSpectrum(double[] importance, int[] ranking) {
        List<Spectrum.Component> sorted = new ArrayList<>();
        for (int i : ranking) {
            sorted.add(new Spectrum.Component(i, importance[i]));
        }
        Charts.barChart("Spectrum of " + model.file.getFileName() + " (top " + top + " traversed)",
                "latent variable (sorted)", "σ (rms over classes)", Spectrum.sigmas(sorted), true,
                out.resolve("spectrum.png"));
        Spectrum.writeCsv(sorted, out.resolve("spectrum.csv"));
    }

    private void writeSummary(double[] importance, int[] ranking, double[] effects) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("model", model.file.toString());
        summary.put("top", top);
        double[] spectrum = new double[ranking.length];
        for (int r = 0; r < ranking.length; r++) {
            spectrum[r] = importance[ranking[r]];
        }
        summary.put("spectrum", spectrum);
        summary.put("ranking", ranking);
        summary.put("mean_heatmap_of_top", effects);
        new RunDirectory(out).writeSummary(summary);
    }

    private static double mean(float[][] maps) {
        double sum = 0;
        long n = 0;
        for (float[] map : maps) {
            for (float v : map) {
                sum += v;
                n++;
            }
        }
        return sum / n;
    }
}
