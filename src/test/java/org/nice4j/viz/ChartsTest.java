package org.nice4j.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.NiceException;

class ChartsTest {
    @TempDir
    Path dir;

    private static BufferedImage readChart(Path out) throws IOException {
        BufferedImage img = ImageIO.read(out.toFile());
        assertNotNull(img, "readable PNG " + out);
        assertEquals(Charts.WIDTH, img.getWidth());
        assertEquals(Charts.HEIGHT, img.getHeight());
        return img;
    }

    private static LinkedHashMap<String, double[][]> trainingCurves(int epochs) {
        double[] x = new double[epochs];
        double[] train = new double[epochs];
        double[] valid = new double[epochs];
        for (int i = 0; i < epochs; i++) {
            x[i] = i + 1;
            train[i] = 1000 * Math.exp(-i / 10.0) + 5;
            valid[i] = 1100 * Math.exp(-i / 12.0) + 8;
        }
        LinkedHashMap<String, double[][]> series = new LinkedHashMap<>();
        series.put("train NLL", new double[][] {x, train});
        series.put("valid NLL", new double[][] {x, valid});
        return series;
    }

    @Test
    void lineChartOnLinearAndLogAxes() throws IOException {
        Charts.lineChart("Training", "epoch", "nats", trainingCurves(40), dir.resolve("line.png"));
        Charts.lineChart("Training", "epoch", "nats", trainingCurves(500), true, dir.resolve("log/line.png"));
        readChart(dir.resolve("line.png"));
        BufferedImage log = readChart(dir.resolve("log/line.png"));
        assertEquals(0xffffff, log.getRGB(1, 1) & 0xffffff, "white background");
    }

    @Test
    void nonFiniteLossesAreGapsNotFailures() throws IOException {
        LinkedHashMap<String, double[][]> series = new LinkedHashMap<>();
        series.put("train", new double[][] {{1, 2, 3, 4}, {3, Double.NaN, Double.POSITIVE_INFINITY, 1}});
        Charts.lineChart("Diverged", "epoch", "nats", series, true, dir.resolve("gaps.png"));
        readChart(dir.resolve("gaps.png"));
    }

    @Test
    void barChartWith784BarsLinearAndLog() throws IOException {
        double[] spectrum = new double[784];
        for (int i = 0; i < spectrum.length; i++) {
            spectrum[i] = Math.exp(3 - i / 80.0);
        }
        Charts.barChart("Spectrum", "rank", "scale", spectrum, false, dir.resolve("bars.png"));
        Charts.barChart("Spectrum", "rank", "scale", spectrum, true, dir.resolve("bars-log.png"));
        readChart(dir.resolve("bars.png"));
        readChart(dir.resolve("bars-log.png"));
    }

    @Test
    void scatterColouredByGroup() throws IOException {
        Random random = new Random(7);
        LinkedHashMap<String, double[][]> groups = new LinkedHashMap<>();
        for (int c = 0; c < 10; c++) {
            double[] x = new double[200];
            double[] y = new double[200];
            for (int i = 0; i < x.length; i++) {
                x[i] = c + random.nextGaussian();
                y[i] = c + random.nextGaussian();
            }
            groups.put("class " + c, new double[][] {x, y});
        }
        Charts.scatter("Latents", "true", "recovered", groups, dir.resolve("scatter.png"));
        readChart(dir.resolve("scatter.png"));
    }

    @Test
    void logAxisRejectsNonPositiveValuesNamingSeriesAndFile() {
        Path out = dir.resolve("bad.png");
        NiceException e = assertThrows(NiceException.class,
                () -> Charts.barChart("Spectrum", "rank", "scale", new double[] {3, 1, 0}, true, out));
        assertTrue(e.getMessage().contains(out.toString()) && e.getMessage().contains("values"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void mismatchedSeriesLengthsAreNamed() {
        LinkedHashMap<String, double[][]> series = new LinkedHashMap<>();
        series.put("valid", new double[][] {{1, 2, 3}, {1, 2}});
        NiceException e = assertThrows(NiceException.class,
                () -> Charts.lineChart("t", "x", "y", series, dir.resolve("bad.png")));
        assertTrue(e.getMessage().contains("'valid'"), e.getMessage());
    }

    @Test
    void chartsLeaveOnlyTheirPngs() throws IOException {
        Charts.lineChart("Training", "epoch", "nats", trainingCurves(5), dir.resolve("a.png"));
        Charts.barChart("Few", "rank", "value", new double[] {5, 3, -2, 1}, false, dir.resolve("b.png"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("a.png", "b.png"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void unwritableTargetFailsNamingThePath() throws IOException {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        Path out = file.resolve("chart.png");
        NiceException e = assertThrows(NiceException.class,
                () -> Charts.lineChart("t", "x", "y", trainingCurves(3), out));
        assertTrue(e.getMessage().contains(out.toString()), e.getMessage());
    }

    @Test
    void histogramsOfTwoGroupsShareBinsAndFractions() throws IOException {
        Random rng = new Random(4);
        double[] normal = new double[2000];
        double[] outliers = new double[100];
        for (int i = 0; i < normal.length; i++) {
            normal[i] = rng.nextGaussian();
        }
        for (int i = 0; i < outliers.length; i++) {
            outliers[i] = i == 0 ? Double.NEGATIVE_INFINITY : rng.nextGaussian() * 2 - 8;
        }
        LinkedHashMap<String, double[]> groups = new LinkedHashMap<>();
        groups.put("normal", normal);
        groups.put("outliers", outliers);
        Path out = dir.resolve("hist.png");
        Charts.histogram("Scores", "log-likelihood (nats)", groups, 40, out);
        BufferedImage img = readChart(out);
        assertEquals(0xffffff, img.getRGB(1, 1) & 0xffffff, "white background");
        assertThrows(NiceException.class, () -> Charts.histogram("Empty", "x", new LinkedHashMap<>(
                java.util.Map.of("none", new double[] {Double.NaN})), 10, dir.resolve("empty.png")));
    }
}
