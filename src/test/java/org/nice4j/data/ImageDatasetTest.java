package org.nice4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ImageDatasetTest {

    @Property(tries = 200)
    void sliceKeepsPixelsAndLabelsOfItsRange(@ForAll @IntRange(min = 0, max = 40) int n,
            @ForAll @IntRange(min = 0, max = 40) int a, @ForAll @IntRange(min = 0, max = 40) int b) {
        ImageDataset data = dataset(n);
        int from = Math.min(Math.min(a, b), n);
        int to = Math.min(Math.max(a, b), n);

        ImageDataset slice = data.slice(from, to);

        assertEquals(to - from, slice.size());
        for (int i = 0; i < slice.size(); i++) {
            assertEquals(data.label(from + i), slice.label(i));
            for (int d = 0; d < data.dimension(); d++) {
                assertEquals(data.pixel(from + i, d), slice.pixel(i, d));
            }
        }
    }

    @Property(tries = 100)
    void limitKeepsTheFirstExamples(@ForAll @IntRange(min = 0, max = 30) int n,
            @ForAll @IntRange(min = 0, max = 50) int limit) {
        ImageDataset limited = dataset(n).limit(limit);

        assertEquals(Math.min(n, limit), limited.size());
        if (limited.size() > 0) {
            assertEquals(dataset(n).pixel(0, 5), limited.pixel(0, 5));
        }
    }

    @Test
    void pixelsAreUnsigned() {
        ImageDataset data = new ImageDataset("x", 1, 2, new byte[] {(byte) 0xFF, (byte) 0x80}, new byte[] {(byte) 200});

        assertEquals(255, data.pixel(0, 0));
        assertEquals(128, data.pixel(0, 1));
        assertEquals(200, data.label(0));
    }

    @Test
    void shapeMustFitThePixels() {
        assertThrows(IllegalArgumentException.class, () -> new ImageDataset("x", 2, 2, new byte[6], null));
        assertThrows(IllegalArgumentException.class, () -> new ImageDataset("x", 1, 2, new byte[6], new byte[2]));
        assertThrows(IndexOutOfBoundsException.class, () -> dataset(3).pixel(3, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> dataset(3).pixel(0, 6));
    }

    /** {@code n} 2x3 images with distinct pixels and labels {@code i mod 10}. */
    private static ImageDataset dataset(int n) {
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
        }
        return new ImageDataset("x", 2, 3, IdxFixtures.pattern(n * 6), labels);
    }
}
