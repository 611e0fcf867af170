package org.nice4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.cli.CliFixture.Result;
import org.nice4j.model.Presets;
import org.nice4j.train.Checkpoint;

/**
 * The README: an unknown preset is a mistake in the call (one line, exit 2), found before any data is read; a
 * diverged run is a failure at run time (one line, exit 1) that keeps the last good checkpoint.
 */
class TrainFailuresTest {
    /** A learning rate that sends the weights to infinity in the first update, so the second loss is not finite. */
    private static final String[] DIVERGING = {"--lr", "1e30", "--lr-min", "1e30"};
    private static final Pattern DIVERGED = Pattern.compile(
            "nice4j: training diverged: the loss is (NaN|-?Infinity) at epoch 1, minibatch (\\d+); (.*) \\(try a"
                    + " smaller --lr\\)");

    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void digits() throws Exception {
        data = TinyRuns.digits(dir.resolve("digits"), 1);
    }

    @Test
    void unknownPresetIsAUsageErrorBeforeAnyDataIsRead() {
        String absent = dir.resolve("absent").toString();
        for (String[] call : new String[][] {{"train", "--data", absent}, {"bench"}}) {
            Result r = CliFixture.run(concat(call, "--preset", "no-such-preset"));
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().startsWith("nice4j: --preset: unknown preset 'no-such-preset' (known: "
                    + String.join(", ", Presets.all().keySet()) + ")"), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }

    @Test
    void divergedRunExitsWith1AndKeepsTheLastGoodCheckpoint() {
        Path run = dir.resolve("diverged");
        Result r = CliFixture.run(TinyRuns.train(data, run, concat(DIVERGING, "--checkpoint-minutes", "0")));

        assertEquals(1, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        Matcher m = DIVERGED.matcher(r.err().strip());
        assertTrue(m.matches(), r.err());
        assertEquals("the last good checkpoint is kept in " + run.resolve("checkpoint.nice4j"), m.group(3));
        Checkpoint.Restored restored = Checkpoint.load(run.resolve("checkpoint.nice4j"), Device.cpu());
        restored.model().close();
        assertEquals(Integer.parseInt(m.group(2)) - 1, restored.state().step(), "up to the minibatch before");
    }

    @Test
    void divergenceBeforeTheFirstCheckpointSaysThereIsNone() {
        Path run = dir.resolve("diverged-early");
        Result r = CliFixture.run(TinyRuns.train(data, run, DIVERGING));

        assertEquals(1, r.code(), r.err());
        Matcher m = DIVERGED.matcher(r.err().strip());
        assertTrue(m.matches(), r.err());
        assertEquals("no checkpoint was written before it", m.group(3));
        assertFalse(Files.exists(run.resolve("checkpoint.nice4j")));
    }

    private static String[] concat(String[] a, String... b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
                .toArray(String[]::new);
    }
}
