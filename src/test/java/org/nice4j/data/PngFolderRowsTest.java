package org.nice4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.ImageShape;
import org.nice4j.NiceException;

class PngFolderRowsTest {
    @TempDir
    Path dir;

    @Test
    void greyImagesInOneFolderAreUnlabelledInNameOrder() throws IOException {
        Path folder = dir.resolve("grey");
        DataFixtures.greyPng(folder.resolve("b.png"), 5, 4, 100);
        DataFixtures.greyPng(folder.resolve("a.png"), 5, 4, 0);
        Files.writeString(folder.resolve("notes.txt"), "not an image");
        try (PngFolderRows pngs = new PngFolderRows(folder)) {
            assertEquals(DataShape.image(new ImageShape(1, 4, 5)), pngs.shape());
            assertEquals(2, pngs.size().getAsLong());
            assertFalse(pngs.labelled());
            ImageDataset first = pngs.next(1);
            ImageDataset second = pngs.next(1);
            assertEquals(DataFixtures.greyAt(3, 2, 0), first.pixel(0, 2 * 5 + 3));
            assertEquals(DataFixtures.greyAt(4, 1, 100), second.pixel(0, 5 + 4));
            assertEquals(0, pngs.next(1).size());
        }
    }

    @Test
    void rgbImagesInClassFoldersAreLabelledBySortedFolderName() throws IOException {
        Path folder = dir.resolve("rgb");
        DataFixtures.rgbPng(folder.resolve("dogs/1.png"), 3, 2, 7);
        DataFixtures.rgbPng(folder.resolve("cats/1.png"), 3, 2, 9);
        DataFixtures.rgbPng(folder.resolve("cats/2.png"), 3, 2, 11);
        try (PngFolderRows pngs = new PngFolderRows(folder)) {
            assertEquals(DataShape.image(new ImageShape(3, 2, 3)), pngs.shape());
            assertTrue(pngs.labelled());
            assertEquals(List.of("cats", "dogs"), pngs.classNames());
            ImageDataset images = pngs.next(10);
            assertEquals(3, images.size());
            assertEquals(List.of(0, 0, 1), List.of(images.label(0), images.label(1), images.label(2)));
            int x = 2;
            int y = 1;
            int p = y * 3 + x;
            assertEquals(x * 40, images.pixel(2, p));         // red plane
            assertEquals(y * 40, images.pixel(2, 6 + p));     // green plane
            assertEquals(7, images.pixel(2, 12 + p));         // blue plane of dogs/1.png
        }
    }

    @Test
    void mixedSizesUnreadableFilesAndEmptyFoldersFailNamingTheFile() throws IOException {
        Path mixed = dir.resolve("mixed");
        DataFixtures.greyPng(mixed.resolve("a.png"), 4, 4, 0);
        Path odd = DataFixtures.greyPng(mixed.resolve("b.png"), 5, 4, 0);
        assertFails(mixed, odd + ": grey 5x4, but a.png is grey 4x4; all images must have one size and colour type");

        Path colours = dir.resolve("colours");
        DataFixtures.greyPng(colours.resolve("a.png"), 4, 4, 0);
        Path rgb = DataFixtures.rgbPng(colours.resolve("b.png"), 4, 4, 0);
        assertFails(colours, rgb + ": RGB 4x4, but a.png is grey 4x4; all images must have one size and colour type");

        Path broken = dir.resolve("broken");
        DataFixtures.greyPng(broken.resolve("a.png"), 4, 4, 0);
        Path bad = Files.writeString(broken.resolve("b.png"), "not a png");
        assertFails(broken, bad + ": not a readable PNG image");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertFails(empty, empty + ": no PNG images (*.png) in the folder or its sub-folders");
    }

    private static void assertFails(Path folder, String message) {
        NiceException e = assertThrows(NiceException.class, () -> {
            try (PngFolderRows pngs = new PngFolderRows(folder)) {
                pngs.next(100);
            }
        });
        assertEquals(message, e.getMessage());
    }
}
