package org.nice4j.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.NiceException;

class ImageGridTest {
    @TempDir
    Path dir;

    private static float[] filled(int n, float value) {
        float[] image = new float[n];
        Arrays.fill(image, value);
        return image;
    }

    private static int gray(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xff;
    }

    @Test
    void gridSizeFollowsCountColumnsPaddingAndScale() {
        float[][] images = new float[10][28 * 28];
        BufferedImage img = ImageGrid.render(images, 28, 28, 4, 2, 2);
        // 4 columns, 3 rows of 56-pixel tiles, 2-pixel gaps around and between
        assertEquals(4 * 56 + 5 * 2, img.getWidth());
        assertEquals(3 * 56 + 4 * 2, img.getHeight());
    }

    @Test
    void fewerImagesThanColumnsUseOnlyTheColumnsNeeded() {
        BufferedImage img = ImageGrid.render(new float[3][6], 2, 3, 8, 1);
        assertEquals(3 * 3 + 4, img.getWidth());
        assertEquals(2 + 2, img.getHeight());
    }

    @Test
    void whiteTileIsWhiteBlackTileIsBlackAndPaddingIsGrey() {
        float[][] images = {filled(16, 1f), filled(16, 0f)};
        BufferedImage img = ImageGrid.render(images, 4, 4, 2, 3, 2);
        int tile = 4 * 2;
        int centre = 3 + tile / 2;
        assertEquals(255, gray(img, centre, centre));
        assertEquals(0, gray(img, 3 + tile + 3 + tile / 2, centre));
        int background = gray(img, 0, 0);
        assertTrue(background > 0 && background < 255, "padding is grey, got " + background);
    }

    @Test
    void outOfRangeValuesAreClampedAndNanIsBlack() {
        float[] image = {Float.NaN, -3f, 2f, 0.5f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        BufferedImage img = ImageGrid.render(new float[][] {image}, 1, 6, 1, 0);
        int[] expected = {0, 0, 255, 128, 255, 0};
        for (int x = 0; x < expected.length; x++) {
            assertEquals(expected[x], gray(img, x, 0), "pixel " + x);
        }
    }

    @Test
    void upscalingRepeatsEachPixelAsABlock() {
        BufferedImage img = ImageGrid.render(new float[][] {{1f, 0f}}, 1, 2, 1, 0, 3);
        for (int y = 0; y < 3; y++) {
            assertEquals(255, gray(img, 2, y));
            assertEquals(0, gray(img, 3, y));
        }
    }

    @Test
    void wrongImageLengthIsNamed() {
        NiceException e = assertThrows(NiceException.class,
                () -> ImageGrid.render(new float[][] {new float[784], new float[700]}, 28, 28, 2, 1));
        assertTrue(e.getMessage().contains("image 1") && e.getMessage().contains("784"), e.getMessage());
    }

    @Test
    void labelledRowsAddALabelColumnAndFitTheLongestRow() {
        List<float[][]> rows = List.of(new float[][] {filled(4, 1f), filled(4, 1f), filled(4, 1f)},
                new float[][] {filled(4, 0.5f)});
        BufferedImage plain = ImageGrid.labelledRows(List.of("", ""), rows, 2, 2, 1, 2);
        assertEquals(3 * 4 + 4, plain.getWidth());
        assertEquals(2 * 4 + 3, plain.getHeight());
        BufferedImage labelled = ImageGrid.labelledRows(List.of("original", "bottom half"), rows, 2, 2, 1, 2);
        assertTrue(labelled.getWidth() > plain.getWidth() + 40, "label column, width " + labelled.getWidth());
        assertEquals(plain.getHeight(), labelled.getHeight());
        int right = labelled.getWidth() - 1 - 1 - 2; // inside the last tile of the first row
        assertEquals(255, gray(labelled, right, 1 + 2));
    }

    @Test
    void labelledRowsNeedOneLabelPerRow() {
        assertThrows(NiceException.class,
                () -> ImageGrid.labelledRows(List.of("a"), List.of(new float[1][4], new float[1][4]), 2, 2, 1, 1));
    }

    @Test
    void writeGridCreatesNestedDirectoriesAndLeavesNoTemporaryFile() throws IOException {
        Path out = dir.resolve("a/b/c/grid.png");
        ImageGrid.writeGrid(new float[5][28 * 28], 28, 28, 5, out);
        BufferedImage read = ImageIO.read(out.toFile());
        assertNotNull(read);
        int s = ImageGrid.DEFAULT_SCALE;
        int p = ImageGrid.DEFAULT_PADDING;
        assertEquals(5 * 28 * s + 6 * p, read.getWidth());
        assertEquals(28 * s + 2 * p, read.getHeight());
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(List.of(out), files.toList());
        }
    }

    @Test
    void writePngReplacesAnExistingFile() throws IOException {
        Path out = dir.resolve("grid.png");
        Files.writeString(out, "not a png");
        ImageGrid.writePng(ImageGrid.render(new float[1][4], 2, 2, 1, 0), out);
        assertEquals(2, ImageIO.read(out.toFile()).getWidth());
    }

    @Test
    void parentThatIsAFileFailsNamingThePath() throws IOException {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        Path out = file.resolve("grid.png");
        NiceException e = assertThrows(NiceException.class,
                () -> ImageGrid.writePng(ImageGrid.render(new float[1][4], 2, 2, 1, 0), out));
        assertTrue(e.getMessage().contains(out.toString()), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void threePlanesAreDrawnAsAColourImage() {
        float[] rgb = {1, 0, 0.5f, 0, 0.2f, 1}; // a 1x2 image: pixel 0 (1, 0.5, 0.2), pixel 1 (0, 0, 1)
        BufferedImage img = ImageGrid.render(new float[][] {rgb}, 1, 2, 1, 0);
        assertEquals(255 << 16 | 128 << 8 | 51, img.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(255, img.getRGB(1, 0) & 0xFFFFFF);
    }
}
