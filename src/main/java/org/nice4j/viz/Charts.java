package org.nice4j.viz;

import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nice4j.NiceException;

/**
 * The few charts a flow experiment needs (training curves, spectra, latent scatter plots), drawn with XChart to
 * {@value #WIDTH}x{@value #HEIGHT} PNGs with one look: white background, large sans-serif text, a fixed palette
 * so that "train" and "valid" keep their colours from figure to figure. Files are written atomically, as
 * {@link ImageGrid#writePng} does.
 *
 * <p>Series are given as {@code name -> {xs, ys}} in a {@link LinkedHashMap}, whose order sets the legend and
 * colour order. Non-finite y-values (a diverged epoch) are drawn as gaps; x-values must be finite. On a
 * logarithmic y-axis every finite y must be positive; XChart would otherwise fail deep inside its renderer, so the
 * check happens first and names the series and the file.
 */
public final class Charts {
    static {
        Headless.ensure();
    }

    public static final int WIDTH = 800;
    public static final int HEIGHT = 500;

    /** Matplotlib's "tab10": distinct, colour-blind tolerable, and familiar from the papers' figures. */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
    };
    /** Markers show individual epochs on short curves; on long ones they would merge into a thick line. */
    private static final int MAX_POINTS_WITH_MARKERS = 60;
    private static final int MAX_LEGEND_ENTRIES_IN_A_ROW = 4;
    /** Name of the hidden series added by {@link #preferRoundTicks}; a control character cannot clash with users'. */
    private static final String TICK_HELPER = "\u0000ticks";
    /** Where a histogram's axis starts, as a quantile of all its values. */
    private static final double HISTOGRAM_LOW_QUANTILE = 0.01;

    private Charts() {}

    /** {@link #lineChart(String, String, String, LinkedHashMap, boolean, Path)} on a linear y-axis. */
    public static void lineChart(
            String title, String xLabel, String yLabel, LinkedHashMap<String, double[][]> series, Path out) {
        lineChart(title, xLabel, yLabel, series, false, out);
    }

    /** One line per series, for example train NLL and validation log-likelihood per epoch. */
    public static void lineChart(
            String title,
            String xLabel,
            String yLabel,
            LinkedHashMap<String, double[][]> series,
            boolean logY,
            Path out) {
        XYChart chart = newChart(title, xLabel, yLabel, XYSeriesRenderStyle.Line, logY);
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[][] xy = checkSeries(e.getKey(), e.getValue(), logY, out);
            XYSeries s = chart.addSeries(e.getKey(), xy[0], xy[1]);
            s.setMarker(xy[0].length <= MAX_POINTS_WITH_MARKERS ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        write(chart, series.size(), out);
    }

    /**
     * One bar per value, the i-th (from 1) centred on x = i, for example the 784 sorted scales of a NICE model.
     * The bars are drawn as one outline, filled on a linear axis, rather than as XChart category bars, so that
     * hundreds of them form a readable profile and the x-axis gets a few round ticks instead of one label per bar.
     * On a logarithmic axis the outline is left unfilled: XChart fills areas down to y = 1 there, not to the axis.
     */
    public static void barChart(
            String title, String xLabel, String yLabel, double[] values, boolean logY, Path out) {
        int n = values.length;
        if (n == 0) {
            throw new NiceException("chart " + out + ": no values to plot");
        }
        double[] clean = gapsForNonFinite("values", values, logY, out);
        double[] xs = new double[2 * n];
        double[] ys = new double[2 * n];
        double min = 0;
        for (int i = 0; i < n; i++) {
            xs[2 * i] = i + 0.5;
            xs[2 * i + 1] = i + 1.5;
            ys[2 * i] = clean[i];
            ys[2 * i + 1] = clean[i];
            if (clean[i] < min) {
                min = clean[i];
            }
        }
        XYChart chart = newChart(title, xLabel, yLabel, logY ? XYSeriesRenderStyle.Line : XYSeriesRenderStyle.Area,
                logY);
        chart.getStyler().setXAxisMin(0.5).setXAxisMax(n + 0.5);
        if (!logY) {
            chart.getStyler().setYAxisMin(min); // bars rise from zero, not from the smallest value
        }
        XYSeries bars = chart.addSeries("values", xs, ys);
        bars.setMarker(SeriesMarkers.NONE);
        if (logY) {
            bars.setLineWidth(1f);
        } else {
            // An outline over hundreds of sub-pixel bars would stripe the fill with anti-aliasing artefacts.
            bars.setLineStyle(SeriesLines.NONE);
            bars.setFillColor(PALETTE[0]);
        }
        write(chart, 1, out);
    }

    /** Points coloured by group, for example recovered latents against true ones, one group per class. */
    public static void scatter(
            String title, String xLabel, String yLabel, LinkedHashMap<String, double[][]> groups, Path out) {
        XYChart chart = newChart(title, xLabel, yLabel, XYSeriesRenderStyle.Scatter, false);
        // Translucent markers keep dense clusters readable where thousands of points overlap.
        chart.getStyler().setSeriesColors(translucent(150)).setMarkerSize(5);
        for (Map.Entry<String, double[][]> e : groups.entrySet()) {
            double[][] xy = checkSeries(e.getKey(), e.getValue(), false, out);
            chart.addSeries(e.getKey(), xy[0], xy[1]).setMarker(SeriesMarkers.CIRCLE);
        }
        write(chart, groups.size(), out);
    }

    /**
     * Histograms of several samples on shared bins, each normalised to fractions of its own size so that groups of
     * different sizes compare, drawn as translucent filled steps, for example the log-likelihoods of normal rows
     * against those of outliers. The axis starts at the {@value #HISTOGRAM_LOW_QUANTILE} quantile of all values, so a
     * long tail (a few outliers a hundred nats down) does not squash the rest; values below it are counted in the
     * leftmost bin, and the legend says how many. Non-finite values are left out and counted in the legend.
     */
    public static void histogram(String title, String xLabel, LinkedHashMap<String, double[]> samples, int bins,
            Path out) {
        if (bins < 1) {
            throw new NiceException("chart " + out + ": a histogram needs at least one bin, got " + bins);
        }
        double[] pooled = samples.values().stream().flatMapToDouble(Arrays::stream).filter(Double::isFinite).sorted()
                .toArray();
        if (pooled.length == 0) {
            throw new NiceException("chart " + out + ": no finite values to plot");
        }
        double min = pooled[(int) Math.floor(HISTOGRAM_LOW_QUANTILE * (pooled.length - 1))];
        double max = pooled[pooled.length - 1];
        double width = max > min ? (max - min) / bins : 1;
        XYChart chart = newChart(title, xLabel, "fraction of the group", XYSeriesRenderStyle.Area, false);
        chart.getStyler().setSeriesColors(translucent(110));
        chart.getStyler().setYAxisMin(0.0);
        for (Map.Entry<String, double[]> e : samples.entrySet()) {
            double[] counts = new double[bins];
            int finite = 0;
            int clipped = 0;
            for (double v : e.getValue()) {
                if (Double.isFinite(v)) {
                    counts[Math.max(0, Math.min(bins - 1, (int) ((v - min) / width)))]++;
                    finite++;
                    clipped += v < min ? 1 : 0;
                }
            }
            double[] xs = new double[2 * bins];
            double[] ys = new double[2 * bins];
            for (int b = 0; b < bins; b++) {
                xs[2 * b] = min + b * width;
                xs[2 * b + 1] = min + (b + 1) * width;
                ys[2 * b] = finite == 0 ? 0 : counts[b] / finite;
                ys[2 * b + 1] = ys[2 * b];
            }
            int dropped = e.getValue().length - finite;
            String name = e.getKey() + " (" + e.getValue().length + (clipped > 0 ? ", " + clipped + " below the axis"
                    : "") + (dropped > 0 ? ", " + dropped + " not finite" : "") + ")";
            XYSeries s = chart.addSeries(name, xs, ys);
            s.setMarker(SeriesMarkers.NONE);
        }
        write(chart, samples.size(), out);
    }

    /** The palette with opacity {@code alpha} (0–255), so overlapping series stay visible. */
    private static Color[] translucent(int alpha) {
        Color[] colors = new Color[PALETTE.length];
        for (int i = 0; i < PALETTE.length; i++) {
            colors[i] = new Color(PALETTE[i].getRed(), PALETTE[i].getGreen(), PALETTE[i].getBlue(), alpha);
        }
        return colors;
    }

    private static XYChart newChart(
            String title, String xLabel, String yLabel, XYSeriesRenderStyle style, boolean logY) {
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle(title);
        chart.setXAxisTitle(xLabel);
        chart.setYAxisTitle(yLabel);
        XYStyler s = chart.getStyler();
        s.setDefaultSeriesRenderStyle(style);
        s.setYAxisLogarithmic(logY);
        s.setChartBackgroundColor(Color.WHITE)
                .setPlotBackgroundColor(Color.WHITE)
                .setPlotBorderColor(Color.GRAY)
                .setLegendBorderColor(Color.WHITE)
                .setSeriesColors(PALETTE)
                .setAntiAlias(true)
                .setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18))
                .setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14))
                .setChartTitleBoxVisible(false);
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14))
                .setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12))
                .setPlotGridLinesColor(new Color(225, 225, 225))
                .setXAxisTickMarkSpacingHint(80);
        return chart;
    }

    /**
     * Checks one {@code {xs, ys}} pair and returns it with non-finite y-values replaced by NaN, which XChart draws
     * as a gap; messages name the series and the output file.
     */
    private static double[][] checkSeries(String name, double[][] xy, boolean logY, Path out) {
        if (xy.length != 2 || xy[0].length != xy[1].length) {
            throw new NiceException("chart " + out + ": series '" + name + "' must be {xs, ys} of equal length");
        }
        if (xy[0].length == 0) {
            throw new NiceException("chart " + out + ": series '" + name + "' has no points");
        }
        for (int i = 0; i < xy[0].length; i++) {
            if (!Double.isFinite(xy[0][i])) {
                throw new NiceException("chart " + out + ": series '" + name + "' has x = " + xy[0][i]
                        + " at point " + i);
            }
        }
        return new double[][] {xy[0], gapsForNonFinite(name, xy[1], logY, out)};
    }

    /** A diverged run's NaN or infinite loss shows as a gap in the curve rather than failing the whole figure. */
    private static double[] gapsForNonFinite(String name, double[] ys, boolean logY, Path out) {
        double[] clean = new double[ys.length];
        for (int i = 0; i < ys.length; i++) {
            clean[i] = Double.isFinite(ys[i]) ? ys[i] : Double.NaN;
            if (logY && clean[i] <= 0) {
                throw new NiceException("chart " + out + ": series '" + name + "' has y = " + ys[i] + " at point "
                        + i + ", which a logarithmic axis cannot show");
            }
        }
        return clean;
    }

    private static void write(XYChart chart, int seriesCount, Path out) {
        if (seriesCount == 0) {
            throw new NiceException("chart " + out + ": nothing to plot");
        }
        placeLegend(chart.getStyler(), seriesCount);
        preferRoundTicks(chart);
        PngFile.write(BitmapEncoder.getBufferedImage(chart), out);
    }

    /**
     * A legend never covers data: a few entries go in one line under the plot; more (ten digit classes) would run
     * off the side there, so they go in a column on the right. A single series needs no legend; its chart title
     * names it.
     */
    private static void placeLegend(XYStyler styler, int seriesCount) {
        boolean row = seriesCount <= MAX_LEGEND_ENTRIES_IN_A_ROW;
        styler.setLegendVisible(seriesCount > 1)
                .setLegendPosition(row ? LegendPosition.OutsideS : LegendPosition.OutsideE)
                .setLegendLayout(row ? LegendLayout.Horizontal : LegendLayout.Vertical);
    }

    /**
     * When all x-values are equally spaced (epochs 1..n, bar positions), XChart 3.8 puts ticks only at data
     * x-values and thins them just until the labels touch, so 40 epochs get 40 cramped labels. An invisible,
     * legend-less point between the first two x-values breaks the even spacing, and XChart falls back to its usual
     * round tick values (0, 10, 20, ...) spaced by the tick-spacing hint.
     */
    private static void preferRoundTicks(XYChart chart) {
        double[] xs = chart.getSeriesMap().values().iterator().next().getXData();
        if (xs.length >= 2) {
            chart.addSeries(TICK_HELPER, new double[] {(xs[0] + xs[1]) / 2}, new double[] {Double.NaN})
                    .setShowInLegend(false);
        }
    }
}
