package org.nice4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes go to a temporary sibling and are renamed into place; a failed write leaves the old file and no litter. */
class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void writesThroughAHiddenTemporarySiblingAndRenames() throws IOException {
        Path file = dir.resolve("metrics.csv");
        AtomicFile.writeString(file, "old\n");
        AtomicFile.write(file, out -> {
            out.write("new".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals("old\n", Files.readString(file), "the target is untouched while the content is written");
            List<Path> others = list().stream().filter(p -> !p.equals(file)).toList();
            assertEquals(1, others.size(), others.toString());
            String temp = others.get(0).getFileName().toString();
            assertTrue(temp.startsWith(".metrics.csv.") && temp.endsWith(".tmp"), temp);
            assertEquals("new", Files.readString(others.get(0)));
        });
        assertEquals("new", Files.readString(file));
        assertEquals(List.of(file), list());
    }

    @Test
    void failedWriteKeepsThePreviousContentAndLeavesNoPartialFile() throws IOException {
        Path file = dir.resolve("model.nice4j");
        AtomicFile.writeString(file, "previous");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(file, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full, simulated");
        }));
        assertEquals("disk full, simulated", e.getMessage());
        assertEquals("previous", Files.readString(file));
        assertEquals(List.of(file), list());
    }

    @Test
    void uncheckedFailureLeavesNoFileAtAll() throws IOException {
        Path file = dir.resolve("new.png");
        assertThrows(IllegalStateException.class, () -> AtomicFile.write(file, out -> {
            out.write(1);
            throw new IllegalStateException("boom");
        }));
        assertEquals(List.of(), list());
    }

    @Test
    void createsMissingParentDirectories() throws IOException {
        Path file = dir.resolve("runs/a/b/summary.json");
        AtomicFile.writeString(file, "{}\n");
        assertEquals("{}\n", Files.readString(file));
    }

    @Test
    void theFileIsReadableByOthersAsAnyNewFileWouldBe() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.writeString(dir.resolve("plain"), "x");
        Path atomic = dir.resolve("atomic");
        AtomicFile.writeString(atomic, "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
        assertTrue(Files.getPosixFilePermissions(atomic).contains(PosixFilePermission.OWNER_READ));
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
