package org.nice4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.infer.SmallModels;
import org.nice4j.io.ModelFile;
import org.nice4j.model.FlowModel;
import org.nice4j.model.ModelConfig;
import org.nice4j.model.NetworkConfig;
import org.nice4j.model.PartitionKind;
import org.nice4j.model.Preprocessing;
import org.nice4j.nn.Init;
import org.nice4j.prior.PriorKind;

/** The spectrum, manifold and interpolate commands. */
class LatentCommandsTest {
    private static final int TILE = 28 * 2;
    private static final int PAD = 2;

    @TempDir
    Path dir;

    @Test
    void spectrumWritesAChartAndOneCsvLinePerDimension() throws Exception {
        Path model = CliFixture.savedModel(dir);
        Path png = dir.resolve("spectrum.png");

        CliFixture.Result r = CliFixture.run("spectrum", "--model", model.toString(), "--out", png.toString());

        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(png) > 0);
        List<String> csv = Files.readAllLines(dir.resolve("spectrum.csv"));
        assertEquals(1 + 784, csv.size());
        assertEquals("rank,dimension,sigma", csv.get(0));
    }

    @Test
    void spectrumOfAModelWithoutScalingNamesTheFile() {
        Path file = dir.resolve("plain.nice4j");
        ModelConfig config = ModelConfig.nice(2, PartitionKind.HALVES, new NetworkConfig(8, 1, Init.HE, 0.01, false),
                false, PriorKind.NORMAL);
        try (FlowModel plain = FlowModel.create(config, Preprocessing.continuous(4), Device.cpu(), 0)) {
            ModelFile.save(plain, Map.of(), file);
        }

        CliFixture.Result r = CliFixture.run("spectrum", "--model", file.toString(), "--out",
                dir.resolve("s.png").toString());

        assertEquals(1, r.code());
        assertEquals("nice4j: " + file + ": the model has no diagonal scaling layer, so it has no spectrum",
                r.err().strip());
    }

    @Test
    void csvGoesNextToThePng() {
        assertEquals(Path.of("a/b.csv"), SpectrumCommand.csvNextTo(Path.of("a/b.png")));
        assertEquals(Path.of("a/b.out.csv"), SpectrumCommand.csvNextTo(Path.of("a/b.out")));
    }

    @Test
    void manifoldGridHasTheRequestedSizeAndFollowsTheSeed() throws Exception {
        Path model = CliFixture.savedModel(dir);
        Path a = dir.resolve("a.png");
        Path b = dir.resolve("b.png");
        Path c = dir.resolve("c.png");

        for (Path[] run : new Path[][] {{a, Path.of("3")}, {b, Path.of("3")}, {c, Path.of("4")}}) {
            CliFixture.Result r = CliFixture.run("manifold", "--model", model.toString(), "--rows", "3",
                    "--columns", "4", "--seed", run[1].toString(), "--out", run[0].toString());
            assertEquals(0, r.code(), r.err());
        }

        BufferedImage grid = ImageIO.read(a.toFile());
        assertEquals(4 * TILE + 5 * PAD, grid.getWidth());
        assertEquals(3 * TILE + 4 * PAD, grid.getHeight());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
    }

    @Test
    void interpolationHasOneRowPerPairAndOneColumnPerStep() throws Exception {
        Path model = CliFixture.savedModel(dir);
        Path png = dir.resolve("paths.png");

        CliFixture.Result r = CliFixture.run("interpolate", "--model", model.toString(), "--data",
                SmallModels.mnistDir().toString(), "--limit", "10", "--pairs", "2", "--steps", "5", "--out",
                png.toString());

        assertEquals(0, r.code(), r.err());
        BufferedImage figure = ImageIO.read(png.toFile());
        assertEquals(2 * TILE + 3 * PAD, figure.getHeight());
        assertTrue(figure.getWidth() > 5 * TILE + 6 * PAD, "tiles plus a label column");
    }
}
