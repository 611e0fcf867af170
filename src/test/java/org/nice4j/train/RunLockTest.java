package org.nice4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.InvalidSettingException;

class RunLockTest {
    @TempDir
    Path dir;

    @Test
    void oneTrainerAtATimeAndNoneAfterItCloses() {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        assertFalse(RunLock.isHeld(run), "a run never trained");
        try (RunLock lock = RunLock.acquire(run, "runDir")) {
            assertTrue(RunLock.isHeld(run));
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> RunLock.acquire(run, "runDir"));
            assertEquals("runDir", e.setting());
            assertTrue(e.getMessage().contains("is being trained by another process"), e.getMessage());
        }
        assertFalse(RunLock.isHeld(run));
        RunLock.acquire(run, "runDir").close();
    }

    /** The point of an operating-system lock: a killed trainer leaves a run that nobody holds, so it shows stopped. */
    @Test
    void aKilledProcessLeavesTheRunFree() throws Exception {
        RunDirectory run = new RunDirectory(dir.resolve("killed"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Holder.class.getName(), run.dir().toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertEquals("locked", out.readLine());
            assertTrue(RunLock.isHeld(run), "held by the other process");
            assertThrows(InvalidSettingException.class, () -> RunLock.acquire(run, "runDir"));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertFalse(RunLock.isHeld(run), "the system released the dead process's lock");
    }

    /** A process that takes a run's lock, says so and waits to be killed. */
    public static final class Holder {
        public static void main(String[] args) throws InterruptedException {
            RunLock.acquire(new RunDirectory(Path.of(args[0])), "runDir");
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
