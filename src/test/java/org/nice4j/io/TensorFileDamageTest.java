package org.nice4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.NiceException;

/** A damaged, foreign or mismatched file must fail with one line that names the file and says what is wrong. */
class TensorFileDamageTest {

    private static final int DATA_BYTES = (12 + 4 + 1) * Float.BYTES;

    @TempDir
    Path dir;
    private Path file;
    private byte[] good;

    @BeforeEach
    void writeSample() throws IOException {
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("coupling.0.w1", new HostTensor(new long[] {3, 4}, new float[12]));
        tensors.put("scale", new HostTensor(new long[] {4}, new float[] {1, -0f, Float.MIN_VALUE, 4}));
        tensors.put("empty", new HostTensor(new long[] {0, 5}, new float[0]));
        tensors.put("scalar", new HostTensor(new long[0], new float[] {7}));
        ObjectNode header = JsonNodeFactory.instance.objectNode().put("preset", "nice-mnist");
        file = dir.resolve("sample.nice");
        TensorFile.write(file, TensorFile.MODEL, header, tensors);
        good = Files.readAllBytes(file);
    }

    @Test
    void everyCutIsReportedAsTruncated() throws IOException {
        for (int length = 0; length < good.length; length++) {
            String message = failure(Arrays.copyOf(good, length));
            assertTrue(message.contains("truncated"), "cut at " + length + ": " + message);
        }
    }

    @Test
    void cutInsideTensorDataNamesTheTensorAndTheSizes() throws IOException {
        int cut = good.length - 8 - DATA_BYTES + 10;
        assertEquals(file + ": truncated (file ends inside tensor 'coupling.0.w1'; expected " + good.length
                + " bytes, has " + cut + ")", failure(Arrays.copyOf(good, cut)));
    }

    @Test
    void cutInsideTrailerNamesTheChecksum() throws IOException {
        assertTrue(failure(Arrays.copyOf(good, good.length - 3)).contains("inside the checksum"));
    }

    @Test
    void flippedDataOrTrailerByteIsCorrupted() throws IOException {
        for (int offset = good.length - 8 - DATA_BYTES; offset < good.length; offset++) {
            byte[] damaged = good.clone();
            damaged[offset] ^= 0x10;
            assertEquals(file + ": corrupted (checksum mismatch)", failure(damaged), "flip at " + offset);
        }
    }

    @Test
    void anyFlippedByteFailsWithOneLineNamingTheFile() throws IOException {
        for (int mask : new int[] {0x01, 0xFF}) {
            for (int offset = 0; offset < good.length; offset++) {
                byte[] damaged = good.clone();
                damaged[offset] ^= (byte) mask;
                failure(damaged);
            }
        }
    }

    @Test
    void trailingBytesAreCorrupted() throws IOException {
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        assertEquals(file + ": corrupted (3 unexpected bytes after the checksum)", failure(longer));
    }

    @Test
    void foreignFilesAreNotNice4jFiles() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        for (byte[] foreign : new byte[][] {png, "hello, world\n".getBytes(StandardCharsets.UTF_8), {'P', 'K'}}) {
            assertEquals(file + ": not a nice4j file (it does not start with the nice4j signature)", failure(foreign));
        }
    }

    @Test
    void emptyFileIsTruncated() throws IOException {
        assertEquals(file + ": truncated (file ends inside the signature; expected at least 8 bytes, has 0)",
                failure(new byte[0]));
    }

    @Test
    void newerFormatVersionIsRefused() throws IOException {
        byte[] future = RawFile.start(7, "model").putBlock("whatever a later layout holds").finish();
        assertEquals(file + ": format version 7 is newer than this nice4j understands (1)", failure(future));
    }

    @Test
    void versionZeroIsCorrupted() throws IOException {
        assertTrue(failure(RawFile.start(0, "model").finish()).contains("corrupted (format version 0 is invalid)"));
    }

    @Test
    void kindMismatchSaysWhatTheFileIs() throws IOException {
        NiceException e = assertThrows(NiceException.class, () -> TensorFile.read(file, TensorFile.CHECKPOINT));
        assertEquals(file + ": is a model, expected a checkpoint", e.getMessage());
        assertEquals(TensorFile.MODEL, TensorFile.read(file, null).kind());
    }

    @Test
    void unreasonableHeaderLengthsAreRefusedBeforeAllocating() throws IOException {
        for (int length : new int[] {Integer.MAX_VALUE, TensorFile.MAX_HEADER_BYTES + 1, -1}) {
            byte[] bad = RawFile.start(1, "model").putInt(length).finish();
            assertTrue(failure(bad).contains("corrupted (the length of the header is " + length), "length " + length);
        }
        byte[] badKind = RawFile.start(1, "model").unfinished();
        badKind[15] = 0x40;
        assertTrue(failure(badKind).contains("corrupted (the length of the kind is"));
    }

    @Test
    void malformedOrIncompleteJsonIsCorrupted() throws IOException {
        String[] headers = {
            "{not json",
            "[]",
            "{\"header\": {}}",
            "{\"header\": {}, \"tensors\": []} trailing",
            "{\"header\": {}, \"tensors\": [{\"name\": \"w\"}]}",
            "{\"header\": {}, \"tensors\": [{\"name\": \"w\", \"shape\": [-2]}]}",
            "{\"header\": {}, \"tensors\": [{\"name\": \"w\", \"shape\": [1.5]}]}",
            "{\"header\": {}, \"tensors\": [{\"name\": \"w\", \"shape\": [100000, 100000]}]}",
            "{\"header\": {}, \"tensors\": [{\"name\": \"w\", \"shape\": []}, {\"name\": \"w\", \"shape\": []}]}",
        };
        for (String json : headers) {
            String message = failure(RawFile.start(1, "model").putBlock(json).putFloats(2).finish());
            assertTrue(message.startsWith(file + ": corrupted ("), json + " gave " + message);
        }
    }

    @Test
    void hugeShapeWithoutDataIsTruncatedNotAllocated() throws IOException {
        String json = "{\"header\": {}, \"tensors\": [{\"name\": \"w\", \"shape\": [30000, 30000]}]}";
        byte[] bytes = RawFile.start(1, "model").putBlock(json).finish();
        String message = failure(bytes);
        assertTrue(message.contains("truncated (file ends inside tensor 'w'; expected "), message);
    }

    @Test
    void missingFileIsNotFound() {
        Path missing = dir.resolve("missing.nice");
        NiceException e = assertThrows(NiceException.class, () -> TensorFile.read(missing, TensorFile.MODEL));
        assertEquals(missing + ": not found", e.getMessage());
    }

    @Test
    void directoryIsRefused() {
        NiceException e = assertThrows(NiceException.class, () -> TensorFile.read(dir, TensorFile.MODEL));
        assertEquals(dir + ": is a directory, expected a nice4j file", e.getMessage());
    }

    /** Writes {@code bytes} over the sample file, reads it, and returns the one-line message it must fail with. */
    private String failure(byte[] bytes) throws IOException {
        Files.write(file, bytes);
        NiceException e = assertThrows(NiceException.class, () -> TensorFile.read(file, TensorFile.MODEL));
        String message = e.getMessage();
        assertTrue(message.startsWith(file + ": "), message);
        assertFalse(message.contains("\n"), message);
        return message;
    }
}
