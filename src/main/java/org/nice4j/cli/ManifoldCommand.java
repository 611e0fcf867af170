package org.nice4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nice4j.NiceException;
import org.nice4j.infer.SphereManifold;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Preprocessing;
import org.nice4j.viz.ImageGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "manifold", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Decode a sphere in a random 3-D subspace of the latent space, f⁻¹(R(S)) (NICE paper, "
                + "appendix A.1, Fig. 5): one grid row per latitude, one column per longitude.")
final class ManifoldCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "Where to write the grid.")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random rotation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rows", defaultValue = "8", description = "Latitudes (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--columns", defaultValue = "12", description = "Longitudes (default: ${DEFAULT-VALUE}).")
    int columns;

    @Option(names = "--radius", paramLabel = "R",
            description = "Sphere radius in latent units (default: σ√3 of the prior, a typical 3-D projection).")
    Double radius;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (rows < 1 || columns < 1 || (long) rows * columns > 10_000) {
            throw new UsageException("--rows and --columns must be positive with at most 10000 images, got "
                    + rows + "x" + columns);
        }
        if (radius != null && !(radius > 0)) {
            throw new UsageException("--radius must be positive, got " + radius);
        }
        try (FlowModel flow = model.load(common).flow()) {
            Preprocessing pre = flow.preprocessing();
            if (!pre.isImage()) {
                throw new NiceException(model.file + ": the manifold grid needs an image model");
            }
            double r = radius != null ? radius : SphereManifold.typicalRadius(flow.prior());
            float[][] h = SphereManifold.latents(pre.dimension(), rows, columns, r, seed);
            ImageGrid.writeGrid(flow.decode(h), pre.height(), pre.width(), columns, out);
            spec.commandLine().getOut().printf(Locale.ROOT, "sphere of radius %.3f, %dx%d points; wrote %s%n", r, rows,
                    columns, out);
            return 0;
        }
    }
}
