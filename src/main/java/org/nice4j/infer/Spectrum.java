package org.nice4j.infer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.nice4j.AtomicFile;
import org.nice4j.NiceException;
import org.nice4j.transform.DiagonalScaling;

/**
 * The NICE paper's spectrum (appendix A.2): with h = S·z and a unit-scale prior, σ_d = 1/S_dd = exp(−s_d) is the
 * scale of latent component d. Sorted in decreasing order it shows how many directions the model uses for
 * large variations, the non-linear counterpart of a PCA eigenspectrum.
 */
public final class Spectrum {
    /** One latent component: its index d in h and its scale σ_d. */
    public record Component(int dimension, double sigma) {}

    private Spectrum() {}

    /** One component per latent dimension, largest σ first (ties by dimension, so the order is stable). */
    public static List<Component> of(DiagonalScaling scaling) {
        float[] logScale = scaling.logScale().toFloatArray();
        List<Component> out = new ArrayList<>();
        for (int d = 0; d < logScale.length; d++) {
            out.add(new Component(d, Math.exp(-logScale[d])));
        }
        out.sort(Comparator.comparingDouble(Component::sigma).reversed().thenComparingInt(Component::dimension));
        return out;
    }

    public static double[] sigmas(List<Component> spectrum) {
        return spectrum.stream().mapToDouble(Component::sigma).toArray();
    }

    /** Writes {@code rank,dimension,sigma}, rank from 1, one line per component. */
    public static void writeCsv(List<Component> spectrum, Path out) {
        StringBuilder csv = new StringBuilder("rank,dimension,sigma\n");
        for (int i = 0; i < spectrum.size(); i++) {
            Component c = spectrum.get(i);
            csv.append(String.format(Locale.ROOT, "%d,%d,%.9g%n", i + 1, c.dimension(), c.sigma()));
        }
        try {
            AtomicFile.writeString(out, csv.toString());
        } catch (IOException e) {
            throw new NiceException(out + ": cannot write the spectrum (" + e.getMessage() + ")");
        }
    }
}
