package org.nice4j.infer;

import java.util.Arrays;

/** Column statistics of latent codes: the GIN spectrum and the matching of recovered to true variables. */
public final class LatentStatistics {
    private LatentStatistics() {}

    /** The (population) standard deviation of each column of {@code rows}. */
    public static double[] standardDeviations(float[][] rows) {
        int d = rows[0].length;
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(variance(column(rows, j)));
        }
        return std;
    }

    /**
     * The spectrum of GIN Fig. 2: the standard deviations of the latent variables, largest first. In a
     * volume-preserving flow a variable's standard deviation measures its importance (GIN §3.3).
     */
    public static double[] spectrum(float[][] latents) {
        double[] s = standardDeviations(latents);
        Arrays.sort(s);
        for (int i = 0; i < s.length / 2; i++) {
            double t = s[i];
            s[i] = s[s.length - 1 - i];
            s[s.length - 1 - i] = t;
        }
        return s;
    }

    /** One column of host rows. */
    public static double[] column(float[][] rows, int j) {
        double[] c = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            c[i] = rows[i][j];
        }
        return c;
    }

    /** Pearson's correlation coefficient; 0 when either series is constant. */
    public static double correlation(double[] a, double[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }

    /** The recovered column most correlated (in absolute value) with {@code truth}, and that |correlation|. */
    public record Match(int column, double absCorrelation) {}

    public static Match bestMatch(double[] truth, float[][] recovered) {
        Match best = new Match(-1, -1);
        for (int j = 0; j < recovered[0].length; j++) {
            double r = Math.abs(correlation(truth, column(recovered, j)));
            if (r > best.absCorrelation()) {
                best = new Match(j, r);
            }
        }
        return best;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double variance(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return s / v.length;
    }
}
