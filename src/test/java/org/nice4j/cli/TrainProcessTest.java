package org.nice4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.data.SyntheticDigits;
import org.nice4j.train.Checkpoint;
import org.nice4j.train.TrainingState;

/**
 * {@code train} in a JVM of its own, for what only a separate process shows (README): Ctrl-C (SIGINT) checkpoints at
 * the end of the current minibatch and exits with code 130, a second signal quits at once, and without
 * {@code --no-progress} a progress bar with the rate and the time left goes to stderr. One tiny run, started with
 * far more epochs than it will get, is interrupted once its first epoch has finished.
 */
class TrainProcessTest {
    /** Long enough for a JVM to start and load the engine on a loaded 2-core machine; normally a few seconds. */
    private static final long PATIENCE_SECONDS = 120;
    private static final Pattern INTERRUPTED = Pattern.compile(
            "nice4j: interrupted at epoch (\\d+), minibatch (\\d+); checkpoint saved, continue with: nice4j train"
                    + " --resume (.+)");

    @TempDir
    static Path dir;
    static Path run;
    static int code;
    static String out;
    static String err;

    @BeforeAll
    static void trainUntilCtrlC() throws Exception {
        assumeSigintReachesChildren();
        Path data = SyntheticDigits.writeFolder(dir.resolve("digits"), 60, 12, 1);
        run = dir.resolve("run");
        Process train = java("train", Main.class.getName(), "train", "--data", data.toString(), "--limit", "40",
                "--epochs", "1000", "--hidden", "8", "--depth", "1", "--batch", "20", "--out", run.toString());
        await(train, "train.out", "epoch 1/1000 ");
        signal(train, "INT");
        code = exitCode(train);
        out = Files.readString(dir.resolve("train.out"));
        err = Files.readString(dir.resolve("train.err"));
    }

    @Test
    void ctrlCCheckpointsAtAMinibatchAndExitsWith130() {
        assertEquals(Main.INTERRUPTED, code, err);
        assertTrue(err.contains("nice4j: stopping after this minibatch (checkpointing); press Ctrl-C again to quit"
                + " now"), err);
        Matcher m = INTERRUPTED.matcher(err.strip().lines().reduce((a, b) -> b).orElseThrow());
        assertTrue(m.matches(), err);
        assertEquals(run.toString(), m.group(3));
        Checkpoint.Restored restored = Checkpoint.load(run.resolve("checkpoint.nice4j"), Device.cpu());
        restored.model().close();
        TrainingState saved = restored.state();
        assertEquals(Integer.parseInt(m.group(1)) - 1, saved.epoch(), "0-based epoch in the checkpoint");
        assertEquals(Integer.parseInt(m.group(2)), saved.batch(), "minibatches of that epoch done");

        CliFixture.Result resumed = CliFixture.run("train", "--resume", run.toString(), "--epochs", m.group(1),
                "--no-progress");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("epoch " + m.group(1) + "/" + m.group(1) + " "), resumed.out());
    }

    @Test
    void progressBarShowsExamplesRateAndTimeLeft() {
        assertTrue(out.contains("epoch 1/1000  train nll"), "the epoch line goes to stdout: " + out);
        // "epoch 1/1000 100% [=====] 40/40 ex (0:00:01 / 0:00:00) 40 ex/s nll 1099.3": elapsed / left, then the
        // rate, which reads "?" until a second has passed
        Pattern bar = Pattern.compile("epoch 1/1000 100% \\[=+\\] 40/40 ex"
                + " \\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\) (\\d+|\\?) ex/s nll -?\\d+\\.\\d");
        assertTrue(bar.matcher(err).find(), err);
    }

    @Test
    void aSecondSignalQuitsAtOnce() throws Exception {
        Process stuck = java("stuck", StuckRun.class.getName());
        await(stuck, "stuck.out", StuckRun.READY);
        stuck.destroy(); // SIGTERM: asks to stop, as Ctrl-C does
        await(stuck, "stuck.out", StuckRun.REQUESTED);
        assertTrue(stuck.isAlive(), "the first signal only asks the run to stop");
        signal(stuck, "INT");
        assertEquals(Main.INTERRUPTED, exitCode(stuck), Files.readString(dir.resolve("stuck.err")));
    }

    /**
     * A run stuck inside a minibatch that never ends: it installs the handler and reports the stop request, but never
     * stops by itself, so only a second signal can end it before it gives up after {@link #PATIENCE_SECONDS}.
     */
    static final class StuckRun {
        static final String READY = "ready";
        static final String REQUESTED = "stop requested";

        public static void main(String[] args) throws InterruptedException {
            StopOnSignal stop = new StopOnSignal().install();
            System.out.println(READY);
            while (!stop.requested()) {
                Thread.sleep(10);
            }
            System.out.println(REQUESTED);
            Thread.sleep(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
        }
    }

    /**
     * A process inherits ignored signals, and a JVM cannot catch an ignored SIGINT: that is the case when the build
     * itself runs in the background of a shell without job control. Ctrl-C cannot reach such a run at all.
     */
    private static void assumeSigintReachesChildren() throws IOException {
        Path status = Path.of("/proc/self/status");
        long ignored = Files.exists(status) ? Files.readAllLines(status).stream()
                .filter(l -> l.startsWith("SigIgn:")).mapToLong(l -> Long.parseLong(l.substring(7).strip(), 16))
                .findFirst().orElse(0) : 0;
        assumeFalse((ignored & 1L << 1) != 0, "SIGINT is ignored in this process and so in any it starts");
    }

    /** Starts {@code mainClass} on the test class path, its output in {@code name}.out and .err. */
    private static Process java(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        pb.environment().put("DJL_OFFLINE", "true");
        return pb.start();
    }

    /** Waits until the process has written {@code text} to the file, failing if it exits first. */
    private static void await(Process p, String file, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (!Files.readString(dir.resolve(file)).contains(text)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                fail("no '" + text + "' from the process (" + (p.isAlive() ? "still running" : "exit " + p.exitValue())
                        + "): " + Files.readString(dir.resolve(file.replace(".out", ".err"))));
            }
            Thread.sleep(50);
        }
    }

    private static void signal(Process p, String signal) throws IOException, InterruptedException {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
    }

    private static int exitCode(Process p) throws InterruptedException {
        if (!p.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("still running after the signal");
        }
        return p.exitValue();
    }
}
