package org.nice4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nice4j.NiceException;
import org.nice4j.infer.Spectrum;
import org.nice4j.model.FlowModel;
import org.nice4j.transform.DiagonalScaling;
import org.nice4j.viz.Charts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "spectrum", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Plot the sorted scales σ_d = 1/S_dd of the model's diagonal scaling layer (NICE paper, "
                + "appendix A.2, Fig. 6) as a bar chart, and write them as CSV next to it (FILE.csv).")
final class SpectrumCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "Where to write the chart.")
    Path out;

    @Option(names = "--log-y", description = "Logarithmic y-axis, for spectra that span orders of magnitude.")
    boolean logY;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        try (FlowModel flow = model.load(common).flow()) {
            DiagonalScaling scaling = flow.scaling().orElseThrow(() -> new NiceException(model.file
                    + ": the model has no diagonal scaling layer, so it has no spectrum"));
            List<Spectrum.Component> spectrum = Spectrum.of(scaling);
            Path csv = csvNextTo(out);
            Charts.barChart("Spectrum of " + model.file.getFileName(), "component (sorted)", "σ = 1/S",
                    Spectrum.sigmas(spectrum), logY, out);
            Spectrum.writeCsv(spectrum, csv);
            spec.commandLine().getOut().printf(Locale.ROOT, "σ from %.4g down to %.4g over %d components; wrote %s and %s%n",
                    spectrum.get(0).sigma(), spectrum.get(spectrum.size() - 1).sigma(), spectrum.size(), out, csv);
            return 0;
        }
    }

    /** FILE.png becomes FILE.csv; a name without .png gets .csv appended. */
    static Path csvNextTo(Path png) {
        String name = png.getFileName().toString();
        String base = name.toLowerCase(Locale.ROOT).endsWith(".png") ? name.substring(0, name.length() - 4) : name;
        return png.resolveSibling(base + ".csv");
    }
}
