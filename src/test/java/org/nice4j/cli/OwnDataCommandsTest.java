package org.nice4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.Json;
import org.nice4j.cli.CliFixture.Result;
import org.nice4j.data.DataFixtures;
import org.nice4j.train.ScoreQuantiles;

/** Training on a CSV table and a folder of RGB PNG images, then scoring files with the model. */
class OwnDataCommandsTest {
    private static final String[] SMALL = {"--epochs", "1", "--hidden", "16", "--depth", "1", "--batch", "50",
        "--no-progress"};

    @TempDir
    static Path dir;
    static Path table;
    static Path model;

    @BeforeAll
    static void trainOnATable() throws IOException {
        table = Files.writeString(dir.resolve("measurements.csv"), "a,b,kind,c\n" + rows(300, 1, 0));
        Result r = CliFixture.run(concat(new String[] {"train", "--preset", "nice-toy", "--data", table.toString(),
            "--label-column", "kind", "--out", dir.resolve("run").toString()}, SMALL));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("training nice-toy (240 examples, valid 30, test 30)"), r.out());
        model = dir.resolve("run/model.nice4j");
    }

    @Test
    void aTableRunRecordsItsSplitAndKeepsItsValidationScores() throws IOException {
        JsonNode summary = Json.MAPPER.readTree(dir.resolve("run/summary.json").toFile());
        assertEquals(table.toAbsolutePath().toString(), summary.at("/provenance/data_dir").asText());
        assertEquals(0.1, summary.at("/provenance/valid_fraction").asDouble());
        assertEquals(0, summary.at("/provenance/split_seed").asLong());
        assertEquals("kind", summary.at("/provenance/label_column").asText());
        assertTrue(summary.get("test_log_likelihood_nats").isNumber(), summary.toString());

        Result info = CliFixture.run("info", "--model", model.toString(), "--json");
        assertEquals(0, info.code(), info.err());
        JsonNode stored = Json.MAPPER.readTree(info.out()).at("/provenance/" + ScoreQuantiles.KEY);
        assertEquals(30, stored.get("count").asInt(), info.out());

        Result eval = CliFixture.run("eval", "--model", model.toString(), "--json");
        assertEquals(0, eval.code(), eval.err());
        assertEquals(summary.get("test_log_likelihood_nats").asDouble(),
                Json.MAPPER.readTree(eval.out()).get("log_likelihood_nats").asDouble(), 1e-4);
    }

    @Test
    void scoreWritesOneRowPerInputRowAndFlagsUnlikelyOnes() throws IOException {
        Path fresh = Files.writeString(dir.resolve("new.csv"), "a,b,kind,c\n" + rows(50, 2, 0) + rows(5, 3, 40));
        Path out = dir.resolve("scores.csv");
        Result r = CliFixture.run("score", "--model", model.toString(), "--data", fresh.toString(), "--label-column",
                "kind", "--out", out.toString(), "--flag-below-quantile", "0.01", "--json", "--no-progress");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("row,label,log_likelihood_nats,bits_per_dim,flagged", lines.get(0));
        assertEquals(56, lines.size());
        assertTrue(lines.get(1).matches("0,[01],-?[0-9.E-]+,-?[0-9.E-]+,(true|false)"), lines.get(1));
        for (String outlier : lines.subList(51, 56)) {
            assertTrue(outlier.endsWith(",true"), String.join("\n", lines)); // rows shifted by 40 sd
        }
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertEquals(55, json.get("count").asInt());
        assertTrue(json.get("flagged").asInt() >= 5, r.out());
        assertTrue(json.at("/quantiles/0.5").isNumber(), r.out());
        assertTrue(json.get("standard_deviation").asDouble() > 0, r.out());
    }

    @Test
    void aRunOnATableResumesOnTheSameRows() {
        Path run = dir.resolve("resumed");
        Result first = CliFixture.run(concat(new String[] {"train", "--preset", "nice-toy", "--data",
            table.toString(), "--label-column", "kind", "--test-fraction", "0.2", "--split-seed", "5", "--out",
            run.toString()}, SMALL));
        assertEquals(0, first.code(), first.err());
        Result resumed = CliFixture.run("train", "--resume", run.toString(), "--epochs", "2", "--no-progress");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(first.out().contains("(210 examples, valid 30, test 60)"), first.out());
    }

    @Test
    void aFolderOfRgbImagesTrainsAnImageModelAndScores() throws IOException {
        Path photos = dir.resolve("photos");
        for (int i = 0; i < 40; i++) {
            DataFixtures.rgbPng(photos.resolve((i % 2 == 0 ? "red/" : "blue/") + i + ".png"), 4, 4, i * 5);
        }
        Path run = dir.resolve("photo-run");
        Result r = CliFixture.run(concat(new String[] {"train", "--data", photos.toString(), "--out", run.toString()},
                SMALL));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(run.resolve("samples.png")) > 0);
        JsonNode summary = Json.MAPPER.readTree(run.resolve("summary.json").toFile());
        assertEquals(List.of("blue", "red"), List.of(summary.at("/provenance/class_names/0").asText(),
                summary.at("/provenance/class_names/1").asText()));
        assertTrue(summary.get("test_bits_per_dim").isNumber(), summary.toString());

        Path out = dir.resolve("photo-scores.csv");
        Result score = CliFixture.run("score", "--model", run.resolve("model.nice4j").toString(), "--data",
                photos.toString(), "--out", out.toString(), "--no-progress");
        assertEquals(0, score.code(), score.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(41, lines.size());
        assertTrue(lines.get(1).startsWith("0,blue,"), lines.get(1));

        Result samples = CliFixture.run("sample", "--model", run.resolve("model.nice4j").toString(), "--n", "4",
                "--out", dir.resolve("photo-samples.png").toString());
        assertEquals(0, samples.code(), samples.err());
    }

    @Test
    void aTableModelSamplesToCsv() throws IOException {
        Path out = dir.resolve("samples.csv");
        Result r = CliFixture.run("sample", "--model", model.toString(), "--n", "7", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("x1,x2,x3", lines.get(0));
        assertEquals(8, lines.size());
    }

    @Test
    void badInputIsOneLineNamingTheFileAndRowAndNothingIsWritten() throws IOException {
        Path out = dir.resolve("never.csv");
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "a,b,kind,c\n1,2,0,3\n1,2,0\n");
        Path text = Files.writeString(dir.resolve("text.csv"), "a,b,kind,c\n1,2,0,3\n1,x,0,3\n");
        Path nan = Files.writeString(dir.resolve("nan.csv"), "a,b,kind,c\n1,2,0,NaN\n");
        Path inf = Files.writeString(dir.resolve("inf.csv"), "a,b,kind,c\n1,Infinity,0,1\n");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        Path header = Files.writeString(dir.resolve("header.csv"), "a,b,kind,c\n");
        Path wide = Files.writeString(dir.resolve("wide.csv"), "a,b,kind,c,d\n1,2,0,3,4\n");
        Path ints = DataFixtures.npy(dir.resolve("ints.npy"), "<i4", new long[] {1, 3}, new double[3]);
        Path mixed = dir.resolve("mixed");
        DataFixtures.greyPng(mixed.resolve("a.png"), 4, 4, 0);
        Path odd = DataFixtures.greyPng(mixed.resolve("b.png"), 5, 4, 0);
        Path broken = dir.resolve("broken");
        DataFixtures.greyPng(broken.resolve("a.png"), 4, 4, 0);
        Path bad = Files.writeString(broken.resolve("b.png"), "not a png");
        Path digits = TinyRuns.digits(dir.resolve("digits"), 1);
        Object[][] cases = {
            {ragged, ragged + ": line 3 has 3 columns, the header has 4"},
            {text, text + ": line 3, column 'b': 'x' is not a number"},
            {nan, nan + ": line 2, column 'c': 'NaN' is not finite (NaN or infinity)"},
            {inf, inf + ": line 2, column 'b': 'Infinity' is not finite (NaN or infinity)"},
            {empty, empty + ": the file is empty (no rows)"},
            {header, header + ": a header and no data rows"},
            {wide, wide + ": the model takes rows of 3 values, the data is rows of 4 values"},
            {ints, ints + ": unsupported dtype '<i4' (supported: float32, float64, uint8)"},
            {digits, digits + ": the model takes rows of 3 values, the data is images (channels, height, width)"
                + " (1, 28, 28)"}};
        for (Object[] c : cases) {
            List<String> label = c[0].toString().endsWith(".csv") ? List.of("--label-column", "kind") : List.of();
            Result r = CliFixture.run(concat(concat(new String[] {"score", "--model", model.toString(), "--data",
                c[0].toString(), "--out", out.toString(), "--no-progress"}, label.toArray(String[]::new))));
            assertEquals(1, r.code(), c[0] + ": " + r.err());
            assertEquals("nice4j: " + c[1], r.err().strip());
            assertFalse(Files.exists(out), c[0].toString());
        }
        try (var listing = Files.list(dir)) {
            assertTrue(listing.noneMatch(p -> p.getFileName().toString().startsWith(".never.csv")));
        }
        Object[][] folders = {
            {mixed, odd + ": grey 5x4, but a.png is grey 4x4; all images must have one size and colour type"},
            {broken, bad + ": not a readable PNG image"}};
        for (Object[] c : folders) {
            Path run = dir.resolve("never-run");
            Result r = CliFixture.run(concat(new String[] {"train", "--data", c[0].toString(), "--out",
                run.toString()}, SMALL));
            assertEquals(1, r.code(), c[0] + ": " + r.err());
            assertEquals("nice4j: " + c[1], r.err().strip());
            assertFalse(Files.exists(run), c[0].toString());
        }
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        Result fraction = CliFixture.run(concat(new String[] {"train", "--preset", "nice-toy", "--data",
            table.toString(), "--test-fraction", "1.5", "--out", dir.resolve("never").toString()}, SMALL));
        assertEquals(2, fraction.code(), fraction.err());
        assertEquals("nice4j: --test-fraction: a fraction of the data must be in [0, 1), got 1.5",
                fraction.err().strip());
        Result quantile = CliFixture.run("score", "--model", model.toString(), "--data", table.toString(), "--out",
                dir.resolve("never.csv").toString(), "--flag-below-quantile", "1.5");
        assertEquals(2, quantile.code(), quantile.err());
    }

    @Test
    void flaggingWithAModelFileFromBeforeValidationScoresIsOneLine() {
        Path old = CliFixture.savedModel(dir.resolve("old"));
        Result r = CliFixture.run("score", "--model", old.toString(), "--data", table.toString(), "--out",
                dir.resolve("never.csv").toString(), "--flag-below-quantile", "0.01");
        assertEquals(1, r.code(), r.err());
        assertEquals("nice4j: " + old + ": the model file holds no validation scores (trained before nice4j kept"
                + " them); --flag-below-quantile needs a model trained by this version", r.err().strip());
    }

    /** Rows "a,b,kind,c" of a correlated Gaussian shifted by {@code shift}, labelled by the sign of a. */
    private static String rows(int n, long seed, double shift) {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double a = rng.nextGaussian();
            double b = 0.8 * a + 0.6 * rng.nextGaussian();
            double c = 3 + 2 * rng.nextGaussian();
            text.append(a + shift).append(',').append(b + shift).append(',').append(a > 0 ? 1 : 0).append(',')
                    .append(c + shift).append('\n');
        }
        return text.toString();
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
