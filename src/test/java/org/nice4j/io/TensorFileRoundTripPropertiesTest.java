package org.nice4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.UniqueElements;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever is written comes back bit for bit: names, order, shapes, header, and every float's raw bits. */
class TensorFileRoundTripPropertiesTest {

    private static Path dir;

    @BeforeContainer
    static void createDirectory() throws IOException {
        dir = Files.createTempDirectory("nice4j-roundtrip");
    }

    @AfterContainer
    static void deleteDirectory() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    /*
     * Shrinking off: jqwik 1.9.3's shrinker moves elements between container parameters of different element types
     * (tensors into the note string) and reports a ClassCastException instead of the failed assertion, as a reader
     * that canonicalised NaN payloads showed. An unshrunk sample of random bits is no harder to read.
     */
    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void roundTripKeepsEveryBit(
            @ForAll @Size(max = 6) List<@From("tensors") HostTensor> values,
            @ForAll @Size(6) @UniqueElements List<@AlphaChars @Chars({'.', '_', 'é', '✓'}) @StringLength(min = 1,
                    max = 12) String> names,
            @ForAll @StringLength(max = 30) String note,
            @ForAll double rate,
            @ForAll boolean checkpoint) throws IOException {
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            tensors.put(names.get(i), values.get(i));
        }
        ObjectNode header = JsonNodeFactory.instance.objectNode().put("note", note).put("rate", rate);
        header.putArray("layers").add(3).add("additive");
        String kind = checkpoint ? TensorFile.CHECKPOINT : TensorFile.MODEL;
        Path file = Files.createTempFile(dir, "tensors", ".nice");

        TensorFile.write(file, kind, header, tensors);
        TensorFile.Contents contents = TensorFile.read(file, kind);

        assertEquals(kind, contents.kind());
        assertEquals(TensorFile.FORMAT_VERSION, contents.formatVersion());
        assertEquals(header, contents.header());
        assertEquals(new ArrayList<>(tensors.keySet()), new ArrayList<>(contents.tensors().keySet()));
        tensors.forEach((name, expected) -> assertBitIdentical(expected, contents.tensors().get(name)));
        Files.delete(file);
    }

    @Example
    void specialValuesSurvive() {
        int[] bits = {0x7fc00001, 0xffffffff, 0x80000000, 0x00000001, 0x007fffff, 0x7f800000, 0xff800000, 0x7f7fffff};
        HostTensor special = new HostTensor(new long[] {2, 4}, floatsFromBits(bits));
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("special", special);
        Path file = dir.resolve("special.nice");
        TensorFile.write(file, TensorFile.MODEL, JsonNodeFactory.instance.nullNode(), tensors);
        TensorFile.Contents contents = TensorFile.read(file, TensorFile.MODEL);
        assertBitIdentical(special, contents.tensors().get("special"));
        assertEquals(JsonNodeFactory.instance.nullNode(), contents.header());
    }

    /** Shapes of rank 0 to 3, empty dimensions included, filled from all 2^32 bit patterns (NaN payloads too). */
    @Provide
    Arbitrary<HostTensor> tensors() {
        return Arbitraries.longs().between(0, 4).array(long[].class).ofMaxSize(3).flatMap(shape -> Arbitraries.integers()
                .array(int[].class).ofSize((int) HostTensor.elementCount(shape))
                .map(bits -> new HostTensor(shape, floatsFromBits(bits))));
    }

    private static float[] floatsFromBits(int[] bits) {
        float[] values = new float[bits.length];
        for (int i = 0; i < bits.length; i++) {
            values[i] = Float.intBitsToFloat(bits[i]);
        }
        return values;
    }

    static void assertBitIdentical(HostTensor expected, HostTensor actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        int[] expectedBits = new int[expected.data().length];
        int[] actualBits = new int[actual.data().length];
        for (int i = 0; i < expectedBits.length; i++) {
            expectedBits[i] = Float.floatToRawIntBits(expected.data()[i]);
        }
        for (int i = 0; i < actualBits.length; i++) {
            actualBits[i] = Float.floatToRawIntBits(actual.data()[i]);
        }
        assertArrayEquals(expectedBits, actualBits);
    }
}
