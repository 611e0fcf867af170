package org.nice4j.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.nice4j.Engines;
import org.nice4j.ImageShape;
import org.nice4j.InvalidSettingException;
import org.nice4j.engine.Host;

/** Squeeze is a bijective reordering of coordinates with the pixel_unshuffle layout, and inverts exactly. */
class SqueezeTest {
    private static final NDManager manager = Engines.shared();

    @Property(tries = 20)
    void everyOutputCoordinateIsExactlyOneInputCoordinate(@ForAll @IntRange(min = 1, max = 3) int channels,
            @ForAll @IntRange(min = 1, max = 4) int halfHeight, @ForAll @IntRange(min = 1, max = 4) int halfWidth) {
        ImageShape in = new ImageShape(channels, 2 * halfHeight, 2 * halfWidth);
        Squeeze squeeze = new Squeeze(in);
        int d = in.size();
        float[] codes = new float[2 * d]; // two examples: coordinate index, and index + d for the second
        for (int i = 0; i < codes.length; i++) {
            codes[i] = i;
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = Host.array(scope, codes, new Shape(2, d));
            float[] y = squeeze.forward(x).value().toFloatArray();
            boolean[] seen = new boolean[d];
            ImageShape out = squeeze.outputShape();
            for (int n = 0; n < 2; n++) {
                for (int o = 0; o < d; o++) {
                    int c = o / (out.height() * out.width());
                    int i = o / out.width() % out.height();
                    int j = o % out.width();
                    int source = (c / 4) * in.height() * in.width() + (2 * i + c % 4 / 2) * in.width()
                            + 2 * j + c % 2;
                    assertEquals(n * d + source, (int) y[n * d + o], "output coordinate " + o + " of example " + n);
                    if (n == 0) {
                        assertEquals(false, seen[source], "input coordinate " + source + " used twice");
                        seen[source] = true;
                    }
                }
            }
        }
    }

    @Property(tries = 10)
    void invertsWithZeroLogDet(@ForAll @IntRange(min = 1, max = 2) int channels,
            @ForAll @IntRange(min = 1, max = 2) int halfHeight, @ForAll @IntRange(min = 1, max = 3) int halfWidth,
            @ForAll long seed) {
        ImageShape in = new ImageShape(channels, 2 * halfHeight, 2 * halfWidth);
        try (NDManager scope = manager.newSubManager()) {
            TransformPropertiesTest.check(new Squeeze(in), scope, in.size(), new SplittableRandom(seed));
        }
    }

    @Example
    void outputShapeQuartersPixelsAndQuadruplesChannels() {
        assertEquals(new ImageShape(16, 7, 7), new Squeeze(new ImageShape(4, 14, 14)).outputShape());
    }

    @Example
    void oddSidesAreRefused() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> new Squeeze(new ImageShape(16, 7, 7)));
        assertEquals("squeeze needs an even height and width, got image shape (16, 7, 7)", e.getMessage());
    }

    @Example
    void rowsOfTheWrongLengthAreRefused() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.zeros(new Shape(2, 15));
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> new Squeeze(new ImageShape(1, 4, 4)).forward(x));
            assertEquals("squeeze expects rows of 16 = (1, 4, 4) values, got shape (2, 15)", e.getMessage());
        }
    }

    @Example
    void squeezedAndUnsqueezedRowsMatchByteForByte() {
        ImageShape in = new ImageShape(2, 4, 6);
        Squeeze squeeze = new Squeeze(in);
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = TransformPropertiesTest.randomArray(scope, new SplittableRandom(7), new Shape(3, in.size()), 1);
            assertArrayEquals(x.toFloatArray(), squeeze.inverse(squeeze.forward(x).value()).value().toFloatArray(), 0f,
                    "a reordering inverts exactly");
        }
    }
}
