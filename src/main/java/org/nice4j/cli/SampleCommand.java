package org.nice4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.nice4j.AtomicFile;
import org.nice4j.NiceException;
import org.nice4j.data.Condition;
import org.nice4j.data.ImageDataset;
import org.nice4j.engine.Host;
import org.nice4j.model.DensityModel;
import org.nice4j.model.Preprocessing;
import org.nice4j.viz.ImageGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw samples (a flow's x = f⁻¹(h), h ~ prior scaled by the temperature; a latent-variable model's"
                + " decoded z ~ prior), as a PNG grid, or as rows of a CSV "
                + "file when --out ends in .csv (any model, for example one of a table); a class-conditional "
                + "model draws from the mixture of its classes, or from one class with --class.",
                "With --reconstruct, show test images next to their reconstructions instead (a flow's f⁻¹(f(x)), a"
                        + " latent-variable model's decoded posterior mean)."})
final class SampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--n", defaultValue = "64", description = "Number of images (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--temperature", defaultValue = "1.0", description = "Prior scale (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--seed", defaultValue = "0", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE.png|FILE.csv",
            description = "Where to write the grid (PNG), or the samples one row each (CSV).")
    Path out;

    @Option(names = "--class", paramLabel = "K", description = "Sample class K only (class-conditional models).")
    Integer label;

    @Option(names = "--reconstruct", description = "Show n test images and their reconstructions.")
    boolean reconstruct;

    @Mixin
    DataOptions data;

    @Mixin
    CommonOptions common;

    /** All samples of class {@code --class}, or none given: the model's own mixture. */
    private Condition condition(DensityModel flow) {
        if (label == null) {
            return Condition.NONE;
        }
        int classes = flow.classes();
        if (classes == 0) {
            throw new NiceException("--class: the model is not class-conditional");
        }
        if (label < 0 || label >= classes) {
            throw new NiceException("--class: class " + label + " outside 0.." + (classes - 1));
        }
        return Condition.repeated(label, n);
    }

    @Override
    public Integer call() {
        if (n < 1 || n > 10_000) {
            throw new UsageException("--n must be between 1 and 10000, got " + n);
        }
        if (!(temperature > 0)) {
            throw new UsageException("--temperature must be positive, got " + temperature);
        }
        try (DensityModel flow = model.load(common).model()) {
            Preprocessing pre = flow.preprocessing();
            boolean csv = out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
            if (csv && !reconstruct) {
                writeCsv(flow.sample(n, temperature, seed, condition(flow)));
            } else if (!pre.isImage()) {
                throw new NiceException(model.file + ": sampling to a PNG grid needs an image model (write a .csv)");
            } else if (reconstruct) {
                ImageGrid.writePng(reconstructions(flow, pre), out);
            } else {
                float[][] samples = flow.sample(n, temperature, seed, condition(flow));
                ImageGrid.writeGrid(pre.displayed(samples), pre.height(), pre.width(), (int) Math.ceil(Math.sqrt(n)),
                        out);
            }
            spec.commandLine().getOut().println("wrote " + out);
            return 0;
        }
    }

    /** The samples, one row each, under a header x1..xD, as model input (before any dequantization noise). */
    private void writeCsv(float[][] samples) {
        String[] header = new String[samples[0].length];
        Arrays.setAll(header, j -> "x" + (j + 1));
        try {
            AtomicFile.write(out, stream -> {
                Writer writer = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(header).get());
                for (float[] row : samples) {
                    for (float v : row) {
                        printer.print(v);
                    }
                    printer.println();
                }
                printer.flush();
            });
        } catch (IOException e) {
            throw new NiceException(out + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    private java.awt.image.BufferedImage reconstructions(DensityModel flow, Preprocessing pre) {
        ImageDataset test = data.splits().test();
        model.requireMatches(pre, test, "test split");
        int count = Math.min(n, test.size());
        int[] indices = java.util.stream.IntStream.range(0, count).toArray();
        float[] rows = pre.examples(test, 0).evaluationBatch(indices);
        try (NDManager scope = flow.manager().newSubManager()) {
            NDArray x = Host.array(scope, rows, new Shape(count, pre.dimension()));
            float[][] original = pre.displayed(Host.rows(x));
            float[][] restored = pre.displayed(Host.rows(flow.reconstruct(x)));
            return ImageGrid.labelledRows(List.of("x", "reconstructed"), Arrays.asList(original, restored), pre.height(),
                    pre.width(), ImageGrid.DEFAULT_PADDING, ImageGrid.DEFAULT_SCALE);
        }
    }
}
