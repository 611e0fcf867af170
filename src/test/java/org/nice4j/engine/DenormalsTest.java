package org.nice4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.nice4j.Engines;
import org.nice4j.InvalidSettingException;

class DenormalsTest {

    private static boolean linuxX86() {
        String arch = System.getProperty("os.arch");
        return System.getProperty("os.name").startsWith("Linux") && ("amd64".equals(arch) || "x86_64".equals(arch));
    }

    /**
     * On a thread of its own: its engine workers are started by its first parallel operation, after the flags are
     * set (the test JVM's main thread may have started its workers in an earlier test, and JUnit calls each test
     * through reflection, whose native frame restores the standard flags on return).
     */
    @Test
    void aPreparedThreadAndTheEngineWorkersItStartsFlushDenormalsToZero() throws Exception {
        assumeTrue(linuxX86(), "the flags are set on Linux x86-64 only");
        Engines.shared(); // DJL switches gradient recording off on the thread that loads the engine: this one
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            InferenceThreads.recordNoGradients(); // a new thread's own readying, flags included
            try (NDManager manager = Engines.cpu()) {
                assertTrue(Denormals.flushing(), "FTZ and DAZ set on the thread that prepared the engine");
                // large enough that the engine splits it across its worker threads, whose flags are inherited
                int n = 1 << 20;
                float[] doubled = manager.full(new Shape(n), 1e-39f).mul(2f).toFloatArray(); // 1e-39 is denormal
                for (int i = 0; i < n; i += 4099) {
                    assertEquals(0f, doubled[i], "element " + i + ": a denormal input reads as zero");
                }
                float[] quartered = manager.full(new Shape(n), 2e-38f).div(4f).toFloatArray();
                for (int i = 0; i < n; i += 4099) {
                    assertEquals(0f, quartered[i], "element " + i + ": a denormal result is flushed to zero");
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    void anUnknownChoiceIsRefusedWithItsName() {
        String before = System.getProperty(Denormals.PROPERTY);
        System.setProperty(Denormals.PROPERTY, "sometimes");
        try {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, Denormals::flushRequested);
            assertTrue(e.getMessage().contains("sometimes") && e.getMessage().contains("flush, keep"), e.getMessage());
            System.setProperty(Denormals.PROPERTY, " Keep ");
            assertTrue(!Denormals.flushRequested());
        } finally {
            if (before == null) {
                System.clearProperty(Denormals.PROPERTY);
            } else {
                System.setProperty(Denormals.PROPERTY, before);
            }
        }
    }
}
