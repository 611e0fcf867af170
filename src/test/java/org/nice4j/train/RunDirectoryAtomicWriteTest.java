package org.nice4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.NiceException;
import org.nice4j.io.FailingStream;

/**
 * The README: run files are written atomically. A rewrite of {@code metrics.csv} or {@code summary.json} that fails
 * part way (a full disk) keeps the previous file byte for byte and leaves no partial file beside it.
 */
class RunDirectoryAtomicWriteTest {
    @TempDir
    Path dir;

    @Test
    void failedRewriteKeepsThePreviousFileAndLeavesNoOther() throws IOException {
        RunDirectory run = new RunDirectory(dir);
        run.writeMetrics(List.of(epoch(1)));
        run.writeSummary(Map.of("epochs", 1));
        for (Path file : List.of(run.metrics(), run.summary())) {
            byte[] old = Files.readAllBytes(file);
            String longer = new String(old, java.nio.charset.StandardCharsets.UTF_8).repeat(3);
            for (long failAfter : new long[] {0, 1, old.length, 2L * old.length}) {
                NiceException e = assertThrows(NiceException.class,
                        () -> RunDirectory.writeText(file, longer, out -> new FailingStream(out, failAfter)));
                assertEquals(file + ": cannot write (disk full, simulated)", e.getMessage());
                assertArrayEquals(old, Files.readAllBytes(file), file + ", failing after " + failAfter + " bytes");
                assertEquals(Set.of(run.metrics(), run.summary()), files());
            }
        }
        run.writeMetrics(List.of(epoch(1), epoch(2)));
        assertEquals(3, Files.readAllLines(run.metrics()).size(), "a successful rewrite replaces the file");
        assertEquals(Set.of(run.metrics(), run.summary()), files());
    }

    private static EpochMetrics epoch(int n) {
        return new EpochMetrics(n, 1000.0 / n, -1000.0 / n, 1e-3, 60);
    }

    private Set<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.collect(Collectors.toSet());
        }
    }
}
