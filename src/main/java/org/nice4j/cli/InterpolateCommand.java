package org.nice4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.nice4j.NiceException;
import org.nice4j.data.ImageDataset;
import org.nice4j.infer.ImageRows;
import org.nice4j.infer.LatentInterpolation;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Preprocessing;
import org.nice4j.viz.ImageGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "interpolate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Walk straight lines in latent space between pairs of test images (images 1 and 2, 3 and "
                + "4, ...) and decode them: one row per pair, from the first image to the second.")
final class InterpolateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--pairs", defaultValue = "4", description = "Number of image pairs (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--steps", defaultValue = "10",
            description = "Images per path, both ends included (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "Where to write the figure.")
    Path out;

    @Mixin
    DataOptions data;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (pairs < 1 || pairs > 500) {
            throw new UsageException("--pairs must be between 1 and 500, got " + pairs);
        }
        if (steps < 2 || steps > 100) {
            throw new UsageException("--steps must be between 2 and 100, got " + steps);
        }
        try (FlowModel flow = model.load(common).flow()) {
            Preprocessing pre = flow.preprocessing();
            ImageDataset test = data.splits().test();
            model.requireMatches(pre, test, "test split");
            float[][] images = ImageRows.first(test, pre.levels(), 2 * pairs);
            if (images.length < 2 * pairs) {
                throw new NiceException("--pairs " + pairs + " needs " + 2 * pairs + " test images, the data has "
                        + images.length);
            }
            float[][] firsts = new float[pairs][];
            float[][] seconds = new float[pairs][];
            List<String> labels = new ArrayList<>();
            for (int k = 0; k < pairs; k++) {
                firsts[k] = images[2 * k];
                seconds[k] = images[2 * k + 1];
                labels.add(test.hasLabels() ? test.label(2 * k) + " → " + test.label(2 * k + 1) : "pair " + (k + 1));
            }
            float[][][] paths = LatentInterpolation.paths(flow, firsts, seconds, steps);
            ImageGrid.writePng(ImageGrid.labelledRows(labels, Arrays.asList(paths), pre.height(), pre.width(),
                    ImageGrid.DEFAULT_PADDING, ImageGrid.DEFAULT_SCALE), out);
            spec.commandLine().getOut().printf("%d paths of %d images; wrote %s%n", pairs, steps, out);
            return 0;
        }
    }
}
