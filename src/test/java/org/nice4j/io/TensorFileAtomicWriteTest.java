package org.nice4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.NiceException;

/** A write that fails part way leaves the previous file untouched and no temporary file behind. */
class TensorFileAtomicWriteTest {

    @TempDir
    Path dir;

    @Test
    void failedOverwriteKeepsThePreviousFile() throws IOException {
        Path file = dir.resolve("model.nice");
        TensorFile.write(file, TensorFile.MODEL, JsonNodeFactory.instance.objectNode().put("version", "old"),
                tensors(3));
        byte[] old = Files.readAllBytes(file);
        long full = old.length + 1000 * Float.BYTES;
        for (long failAfter : new long[] {0, 1, 30, full / 2, full - 1}) {
            NiceException e = assertThrows(NiceException.class, () -> TensorFile.write(file, TensorFile.MODEL,
                    JsonNodeFactory.instance.objectNode().put("version", "new"), tensors(1003),
                    out -> new FailingStream(out, failAfter)));
            assertEquals(file + ": cannot write (disk full, simulated)", e.getMessage());
            assertArrayEquals(old, Files.readAllBytes(file), "fail after " + failAfter);
            assertEquals(List.of(file), listDir());
        }
    }

    @Test
    void uncheckedFailureAlsoRemovesTheTemporaryFile() throws IOException {
        Path file = dir.resolve("new.nice");
        assertThrows(IllegalStateException.class, () -> TensorFile.write(file, TensorFile.MODEL,
                JsonNodeFactory.instance.objectNode(), tensors(10), out -> {
                    throw new IllegalStateException("boom");
                }));
        assertEquals(List.of(), listDir());
    }

    @Test
    void writeCreatesParentsAndReplacesAtomically() throws IOException {
        Path file = dir.resolve("runs/a/b/checkpoint.nice");
        TensorFile.write(file, TensorFile.CHECKPOINT, JsonNodeFactory.instance.objectNode(), tensors(2));
        TensorFile.write(file, TensorFile.CHECKPOINT, JsonNodeFactory.instance.objectNode(), tensors(5));
        assertEquals(5, TensorFile.read(file, TensorFile.CHECKPOINT).tensors().get("w").data().length);
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void unfitArgumentsAreRefusedBeforeTouchingDisk() throws IOException {
        Path file = dir.resolve("model.nice");
        LinkedHashMap<String, HostTensor> unnamed = new LinkedHashMap<>();
        unnamed.put("", new HostTensor(new long[0], new float[1]));
        NiceException e = assertThrows(NiceException.class,
                () -> TensorFile.write(file, TensorFile.MODEL, JsonNodeFactory.instance.objectNode(), unnamed));
        assertTrue(e.getMessage().startsWith(file + ": cannot write ("), e.getMessage());
        e = assertThrows(NiceException.class,
                () -> TensorFile.write(file, "", JsonNodeFactory.instance.objectNode(), tensors(1)));
        assertTrue(e.getMessage().startsWith(file + ": cannot write (the kind"), e.getMessage());
        assertEquals(List.of(), listDir());
    }

    private static LinkedHashMap<String, HostTensor> tensors(int size) {
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        float[] data = new float[size];
        for (int i = 0; i < size; i++) {
            data[i] = i * 0.5f;
        }
        tensors.put("w", new HostTensor(new long[] {size}, data));
        return tensors;
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
