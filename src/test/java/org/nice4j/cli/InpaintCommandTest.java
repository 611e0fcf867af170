package org.nice4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.infer.SmallModels;

class InpaintCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesTheFigureAndOneReportPerMask() throws Exception {
        Path model = CliFixture.savedModel(dir);
        Path png = dir.resolve("inpaint.png");

        CliFixture.Result r = CliFixture.run("inpaint", "--model", model.toString(), "--data",
                SmallModels.mnistDir().toString(), "--limit", "100", "--masks", "top,random90", "--n", "2",
                "--steps", "3", "--out", png.toString(), "--json");

        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(2, json.get("masks").size());
        assertEquals("top", json.get("masks").get(0).get("mask").asText());
        assertEquals(392, json.get("masks").get(0).get("hidden_pixels").asInt());
        assertTrue(json.get("masks").get(1).get("mean_fill_mse_hidden").asDouble() > 0);
        BufferedImage figure = ImageIO.read(png.toFile());
        int rows = 1 + 2 * 2; // originals, then start and result per mask
        assertEquals(rows * 28 * 2 + (rows + 1) * 2, figure.getHeight());
    }

    @Test
    void printsATableByDefault() {
        Path model = CliFixture.savedModel(dir);
        CliFixture.Result r = CliFixture.run("inpaint", "--model", model.toString(), "--data",
                SmallModels.mnistDir().toString(), "--limit", "20", "--masks", "left", "--n", "1", "--steps", "1",
                "--init", "mean", "--out", dir.resolve("f.png").toString());

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("mask"), r.out());
        assertTrue(r.out().contains("left"), r.out());
    }

    @Test
    void maskPngOfWrongSizeIsAOneLineUsageError() throws Exception {
        Path model = CliFixture.savedModel(dir);
        Path mask = dir.resolve("mask.png");
        ImageIO.write(new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY), "png", mask.toFile());

        CliFixture.Result r = CliFixture.run("inpaint", "--model", model.toString(), "--data",
                SmallModels.mnistDir().toString(), "--mask-png", mask.toString(), "--out",
                dir.resolve("f.png").toString());

        assertEquals(2, r.code());
        assertEquals("nice4j: --mask-png: the mask " + mask + " is 10x10 pixels (rows x columns), the model's images"
                + " are 28x28", r.err().strip());
    }

    @Test
    void unknownMaskOrInitIsAUsageError() {
        Path model = CliFixture.savedModel(dir);
        CliFixture.Result mask = CliFixture.run("inpaint", "--model", model.toString(), "--masks", "corner",
                "--out", dir.resolve("f.png").toString());
        CliFixture.Result init = CliFixture.run("inpaint", "--model", model.toString(), "--init", "ones",
                "--out", dir.resolve("f.png").toString());

        assertEquals(2, mask.code());
        assertTrue(mask.err().startsWith("nice4j: --masks: unknown mask 'corner'"), mask.err());
        assertEquals(2, init.code());
        assertTrue(init.err().startsWith("nice4j: --init: unknown initial state 'ones'"), init.err());
    }
}
