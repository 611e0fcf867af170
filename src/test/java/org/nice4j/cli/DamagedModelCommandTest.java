package org.nice4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.cli.CliFixture.Result;
import org.nice4j.data.SyntheticDigits;

/**
 * The README: a truncated or corrupted model file is a run-time failure that prints one line naming the file and
 * exits 1, from every command that reads a model. The damage is done to a copy of a stored small image model.
 */
class DamagedModelCommandTest {
    @TempDir
    static Path dir;
    static Path intact;
    static Path data;

    @BeforeAll
    static void files() throws Exception {
        intact = dir.resolve("intact.nice4j");
        Files.copy(Path.of(Objects.requireNonNull(DamagedModelCommandTest.class.getResource(
                "/models/nice-additive-4x4.nice4j")).toURI()), intact);
        data = SyntheticDigits.writeFolder(dir.resolve("digits"), 12, 6, 1);
    }

    @Test
    void theIntactFileLoads() {
        Result r = CliFixture.run("info", "--model", intact.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("592"), r.out());
    }

    @Test
    void truncatedFileIsOneLineNamingItFromEveryCommand() throws Exception {
        byte[] bytes = Files.readAllBytes(intact);
        Path truncated = Files.write(dir.resolve("truncated.nice4j"), Arrays.copyOf(bytes, bytes.length / 2));
        assertEveryCommandFails(truncated, ": truncated (");
    }

    @Test
    void corruptedFileIsOneLineNamingItFromEveryCommand() throws Exception {
        byte[] bytes = Files.readAllBytes(intact);
        bytes[bytes.length * 3 / 4] ^= 0x10; // inside the weights, where only the checksum can tell
        Path corrupted = Files.write(dir.resolve("corrupted.nice4j"), bytes);
        assertEveryCommandFails(corrupted, ": corrupted (");
    }

    private static void assertEveryCommandFails(Path model, String problem) {
        String out = dir.resolve("out").toString();
        for (List<String> call : List.of(List.of("info"), List.of("eval", "--data", data.toString()),
                List.of("sample", "--out", out), List.of("inpaint", "--out", out), List.of("spectrum", "--out", out),
                List.of("manifold", "--out", out), List.of("interpolate", "--out", out),
                List.of("traverse", "--out", out))) {
            String[] args = java.util.stream.Stream.concat(call.stream(), java.util.stream.Stream.of("--model",
                    model.toString())).toArray(String[]::new);
            Result r = CliFixture.run(args);
            assertEquals(1, r.code(), call + ": " + r.err());
            assertEquals(1, r.err().lines().count(), call + ": " + r.err());
            assertTrue(r.err().startsWith("nice4j: " + model + problem), call + ": " + r.err());
        }
    }
}
