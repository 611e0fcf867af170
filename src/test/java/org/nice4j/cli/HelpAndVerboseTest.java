package org.nice4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nice4j.cli.CliFixture.Result;
import picocli.CommandLine;

/**
 * The README: "Every command has --help", failures print one line, and "--verbose adds the stack trace". Checked on
 * every subcommand Main declares, so a new command without them fails here.
 */
class HelpAndVerboseTest {
    @TempDir
    static Path dir;

    /** A call of each command that fails at run time, before any model is built or data is read. */
    private static Map<String, List<String>> failingCalls() {
        String absent = dir.resolve("absent").toString();
        String model = dir.resolve("absent.nice4j").toString();
        String out = dir.resolve("out").toString();
        return Map.ofEntries(
                Map.entry("train", List.of("--data", absent)),
                Map.entry("eval", List.of("--model", model, "--data", absent)),
                Map.entry("score", List.of("--model", model, "--data", absent, "--out", out)),
                Map.entry("sample", List.of("--model", model, "--out", out)),
                Map.entry("info", List.of("--model", model)),
                Map.entry("bench", List.of("--steps", "0")),
                Map.entry("inpaint", List.of("--model", model, "--out", out)),
                Map.entry("spectrum", List.of("--model", model, "--out", out)),
                Map.entry("manifold", List.of("--model", model, "--out", out)),
                Map.entry("interpolate", List.of("--model", model, "--out", out)),
                Map.entry("gin-toy", List.of("--points", "0", "--out", out)),
                Map.entry("traverse", List.of("--model", model, "--out", out)),
                Map.entry("serve", List.of("--runs", absent, "--port", "0")),
                Map.entry("tabular-density", List.of("--rows", "0", "--out", out)));
    }

    static Set<String> commands() {
        Set<String> names = new TreeSet<>(new CommandLine(new Main()).getSubcommands().keySet());
        names.remove("help");
        return names;
    }

    @Test
    void everyCommandHasAFailingCallHere() {
        assertEquals(commands(), new TreeSet<>(failingCalls().keySet()));
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        Result r = CliFixture.run("--help");
        assertEquals(0, r.code(), r.err());
        for (String command : commands()) {
            assertTrue(r.out().contains("  " + command + " "), command + " in\n" + r.out());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void helpPrintsUsageWithTheCommonOptions(String command) {
        Result r = CliFixture.run(command, "--help");

        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("Usage: nice4j " + command + " "), r.out());
        for (String option : new String[] {"-h, --help", "--verbose", "--device"}) {
            assertTrue(r.out().contains(option), option + " in\n" + r.out());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void failureIsOneLineAndVerboseAddsTheStackTrace(String command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(failingCalls().get(command));
        Result quiet = CliFixture.run(args.toArray(String[]::new));
        args.add("--verbose");
        Result verbose = CliFixture.run(args.toArray(String[]::new));

        assertTrue(quiet.code() == 1 || quiet.code() == 2, "code " + quiet.code());
        assertEquals(quiet.code(), verbose.code());
        List<String> line = quiet.err().lines().toList();
        assertEquals(1, line.size(), quiet.err());
        assertTrue(line.get(0).startsWith("nice4j: ") && !line.get(0).contains("(rerun with --verbose"), line.get(0));
        assertFalse(quiet.err().contains("\tat "), quiet.err());
        assertTrue(verbose.err().contains("\tat org.nice4j."), verbose.err());
        assertTrue(verbose.err().strip().endsWith(line.get(0)), "the same line closes the trace:\n" + verbose.err());
    }
}
