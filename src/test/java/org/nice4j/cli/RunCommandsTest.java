package org.nice4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.cli.CliFixture.Result;
import org.nice4j.train.Checkpoint;
import org.nice4j.viz.ImageGrid;

/**
 * The README's commands on a run trained for one epoch on synthetic digits (train 50, valid 10, test 30):
 * {@code eval --split}, {@code sample --reconstruct} and {@code --temperature}, the default checkpoint period, and
 * a resumed run given a new {@code --limit} or {@code --data} ("remembered unless you give new ones").
 */
class RunCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A 28-pixel digit at {@link ImageGrid#DEFAULT_SCALE}, and the padding around it. */
    private static final int TILE = 28 * ImageGrid.DEFAULT_SCALE;
    private static final int PAD = ImageGrid.DEFAULT_PADDING;

    @TempDir
    static Path dir;
    static Path digits;
    static Path run;
    static JsonNode summary;

    @BeforeAll
    static void trainOneEpoch() throws IOException {
        digits = TinyRuns.digits(dir.resolve("digits"), 1);
        run = dir.resolve("run");
        Result r = CliFixture.run(TinyRuns.train(digits, run));
        assertEquals(0, r.code(), r.err());
        summary = JSON.readTree(run.resolve("summary.json").toFile());
    }

    @Test
    void evalScoresTheSplitItIsGiven() throws IOException {
        JsonNode test = eval(run, digits);
        assertEquals("test", test.get("split").asText(), "the default");
        assertEquals(30, test.get("examples").asInt());
        assertEquals(summary.get("test_log_likelihood_nats").asDouble(), test.get("log_likelihood_nats").asDouble(),
                0.0);

        JsonNode valid = eval(run, digits, "--split", "valid");
        assertEquals(10, valid.get("examples").asInt());
        assertEquals(summary.get("best_valid_log_likelihood_nats").asDouble(),
                valid.get("log_likelihood_nats").asDouble(), 0.0, "the score training chose the model by");

        assertEquals(50, eval(run, digits, "--split", "train").get("examples").asInt());
        assertEquals(12, eval(run, digits, "--split", "train", "--limit", "12").get("examples").asInt());

        Result bogus = CliFixture.run("eval", "--model", run.resolve("model.nice4j").toString(), "--data",
                digits.toString(), "--split", "bogus");
        assertEquals(2, bogus.code());
        assertEquals("nice4j: unknown split 'bogus' (known: train, valid, test)", bogus.err().strip());
    }

    @Test
    void trainCheckpointsEveryTenMinutesByDefault() {
        Checkpoint.Restored restored = Checkpoint.load(run.resolve("checkpoint.nice4j"), Device.cpu());
        restored.model().close();
        assertEquals(600, restored.config().checkpointSeconds());
    }

    @Test
    void sampleReconstructShowsTestImagesAboveTheirReconstructions() throws IOException {
        Path png = dir.resolve("reconstruct.png");
        Result r = CliFixture.run("sample", "--model", run.resolve("model.nice4j").toString(), "--data",
                digits.toString(), "--reconstruct", "--n", "4", "--out", png.toString());
        assertEquals(0, r.code(), r.err());

        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(2 * TILE + 3 * PAD, image.getHeight(), "two rows: x and f⁻¹(f(x))");
        int tiles = image.getWidth() - 4 * (TILE + PAD); // right of the row labels
        int strokes = 0;
        for (int y = PAD; y < PAD + TILE; y++) {
            for (int x = tiles; x < image.getWidth(); x++) {
                int original = gray(image, x, y);
                assertEquals(original, gray(image, x, y + TILE + PAD), 1, "pixel " + x + ", " + y);
                strokes += original > 128 ? 1 : 0;
            }
        }
        assertTrue(strokes > 4 * 50, "four test digits, not blank tiles: " + strokes + " bright pixels");
    }

    @Test
    void sampleTemperatureScalesTheDrawsFromThePrior() throws IOException {
        double warm = spread(sample("1.0"));
        double cold = spread(sample("0.1"));
        assertTrue(cold < warm / 4, "pixel variance across samples at T = 0.1: " + cold + ", at T = 1: " + warm);

        Result zero = CliFixture.run("sample", "--model", run.resolve("model.nice4j").toString(), "--temperature", "0",
                "--out", dir.resolve("zero.png").toString());
        assertEquals(2, zero.code());
        assertEquals("nice4j: --temperature must be positive, got 0.0", zero.err().strip());
    }

    @Test
    void resumeWithANewLimitKeepsTheRunsData() throws IOException {
        Path resumed = dir.resolve("new-limit");
        assertEquals(0, CliFixture.run(TinyRuns.train(digits, resumed, "--limit", "20")).code());

        Result r = CliFixture.run("train", "--resume", resumed.toString(), "--epochs", "2", "--limit", "25",
                "--no-progress");

        assertEquals(0, r.code(), r.err());
        assertTestedOn(resumed, digits, 25);
    }

    @Test
    void resumeWithNewDataKeepsTheRunsLimit() throws IOException {
        Path other = TinyRuns.digits(dir.resolve("other-digits"), 2);
        Path resumed = dir.resolve("new-data");
        assertEquals(0, CliFixture.run(TinyRuns.train(digits, resumed, "--limit", "20")).code());

        Result r = CliFixture.run("train", "--resume", resumed.toString(), "--epochs", "2", "--data", other.toString(),
                "--no-progress");

        assertEquals(0, r.code(), r.err());
        assertTestedOn(resumed, other, 20);
    }

    /** The run's summary scores exactly the first {@code limit} test images of {@code data}. */
    private static void assertTestedOn(Path run, Path data, int limit) throws IOException {
        JsonNode s = JSON.readTree(run.resolve("summary.json").toFile());
        assertEquals(limit, s.get("test_examples").asInt());
        assertEquals(eval(run, data, "--limit", String.valueOf(limit)).get("log_likelihood_nats").asDouble(),
                s.get("test_log_likelihood_nats").asDouble(), 0.0);
    }

    private static JsonNode eval(Path run, Path data, String... more) throws IOException {
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("eval", "--model",
                run.resolve("model.nice4j").toString(), "--data", data.toString(), "--json"),
                java.util.Arrays.stream(more)).toArray(String[]::new);
        Result r = CliFixture.run(args);
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out());
    }

    /** 16 samples with seed 3 at {@code temperature}, read back from the grid (4 by 4). */
    private static float[][] sample(String temperature) throws IOException {
        Path png = dir.resolve("samples-" + temperature + ".png");
        Result r = CliFixture.run("sample", "--model", run.resolve("model.nice4j").toString(), "--n", "16", "--seed",
                "3", "--temperature", temperature, "--out", png.toString());
        assertEquals(0, r.code(), r.err());
        BufferedImage image = ImageIO.read(png.toFile());
        float[][] tiles = new float[16][28 * 28];
        for (int t = 0; t < 16; t++) {
            for (int p = 0; p < 28 * 28; p++) {
                int x = PAD + (t % 4) * (TILE + PAD) + (p % 28) * ImageGrid.DEFAULT_SCALE;
                int y = PAD + (t / 4) * (TILE + PAD) + (p / 28) * ImageGrid.DEFAULT_SCALE;
                tiles[t][p] = gray(image, x, y) / 255f;
            }
        }
        return tiles;
    }

    /** The variance of each pixel across the samples, averaged over the pixels. */
    private static double spread(float[][] samples) {
        double total = 0;
        for (int p = 0; p < samples[0].length; p++) {
            double sum = 0;
            double squares = 0;
            for (float[] s : samples) {
                sum += s[p];
                squares += s[p] * s[p];
            }
            double mean = sum / samples.length;
            total += squares / samples.length - mean * mean;
        }
        return total / samples[0].length;
    }

    private static int gray(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xff;
    }
}
