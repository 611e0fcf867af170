package org.nice4j.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.InvalidSettingException;

class MasksTest {
    private static final Map<String, Integer> HIDDEN_ON_MNIST = Map.of("top", 392, "bottom", 392, "odd", 392,
            "even", 392, "left", 392, "right", 392, "middle-vertical", 392, "middle-horizontal", 392,
            "random75", 588, "random90", 706);

    @Test
    void everyNamedMaskHidesItsCountOfPixels() {
        for (Mask m : Masks.all(28, 28, 0)) {
            assertEquals(HIDDEN_ON_MNIST.get(m.name()), m.hiddenCount(), m.name());
        }
        assertEquals(Masks.NAMES.size(), Masks.all(28, 28, 0).size());
    }

    @Test
    void geometricMasksHideExactlyTheNamedPixels() {
        int h = 6;
        int w = 8;
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int d = r * w + c;
                assertEquals(r < 3, Masks.named("top", h, w, 0).isHidden(d));
                assertEquals(r >= 3, Masks.named("bottom", h, w, 0).isHidden(d));
                assertEquals(c < 4, Masks.named("left", h, w, 0).isHidden(d));
                assertEquals(c >= 4, Masks.named("right", h, w, 0).isHidden(d));
                assertEquals(c >= 2 && c < 6, Masks.named("middle-vertical", h, w, 0).isHidden(d));
                assertEquals(r >= 1 && r < 4, Masks.named("middle-horizontal", h, w, 0).isHidden(d));
                assertEquals(d % 2 == 1, Masks.named("odd", h, w, 0).isHidden(d));
                assertEquals(d % 2 == 0, Masks.named("even", h, w, 0).isHidden(d));
            }
        }
    }

    @Test
    void complementaryMasksPartitionTheImage() {
        for (String[] pair : new String[][] {{"top", "bottom"}, {"left", "right"}, {"odd", "even"}}) {
            Mask a = Masks.named(pair[0], 28, 28, 0);
            Mask b = Masks.named(pair[1], 28, 28, 0);
            for (int d = 0; d < 784; d++) {
                assertNotEquals(a.isHidden(d), b.isHidden(d), pair[0] + "/" + pair[1] + " at " + d);
            }
        }
    }

    @Test
    void randomMasksFollowTheSeed() {
        assertEquals(Masks.named("random75", 28, 28, 3), Masks.named("random75", 28, 28, 3));
        assertNotEquals(Masks.named("random75", 28, 28, 3), Masks.named("random75", 28, 28, 4));
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> Masks.named("diagonal", 28, 28, 0));
        assertTrue(e.getMessage().contains("middle-horizontal"), e.getMessage());
    }

    @Test
    void pngMaskHidesItsWhitePixels(@TempDir Path dir) throws IOException {
        BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 2, 0xFFFFFF);
        image.setRGB(3, 0, 0xC0C0C0);
        image.setRGB(0, 0, 0x404040);
        Path file = dir.resolve("hole.png");
        ImageIO.write(image, "png", file.toFile());

        Mask m = Masks.fromPng(file, 3, 4);

        assertEquals("hole.png", m.name());
        assertEquals(2, m.hiddenCount());
        assertTrue(m.isHidden(2 * 4 + 1));
        assertTrue(m.isHidden(3));
        assertFalse(m.isHidden(0));
    }

    @Test
    void pngMaskOfWrongSizeNamesTheFileAndBothSizes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("small.png");
        ImageIO.write(new BufferedImage(12, 10, BufferedImage.TYPE_BYTE_GRAY), "png", file.toFile());

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Masks.fromPng(file, 28, 28));

        assertEquals("the mask " + file + " is 10x12 pixels (rows x columns), the model's images are 28x28",
                e.getMessage());
        assertEquals("maskFile", e.setting());
    }

    @Test
    void missingPngIsAUsageError(@TempDir Path dir) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> Masks.fromPng(dir.resolve("no.png"), 28, 28));
        assertTrue(e.getMessage().contains("no.png"), e.getMessage());
    }
}
