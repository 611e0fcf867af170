package org.nice4j.engine;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import java.util.Locale;
import org.nice4j.InvalidSettingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Denormal (subnormal) floats flushed to zero on the threads that run the engine, as {@code torch.set_flush_denormal}
 * does and TensorFlow does by default. An x86 core takes a microcode assist for every denormal operand or result
 * (here an elementwise pass over denormals ran 7 times slower), and training makes many: Adam's first moment decays
 * by 0.9 a step wherever a gradient is (nearly) zero, as for dead ReLU units and always-dark pixels, and enters the
 * denormal range after a few hundred steps. After about 2,000 steps of nice-mnist a tenth of the checkpoint's numbers
 * (up to half of some layers' first moments) were denormal, the fused Adam step took 44% of a step, and an epoch
 * took 62 s instead of 28. Values that small are far below anything a float32 parameter or gradient can feel.
 *
 * <p>The flags (FTZ and DAZ) live in each thread's MXCSR register. libtorch's OpenMP workers are started by the
 * first thread that runs a parallel operation and inherit its floating-point environment (POSIX), so a thread must
 * set them before its first engine operation: {@link Devices#prepareThread} does. They hold until the method that
 * set them returns through a native frame: HotSpot enters Java from native code (a thread's {@code run}, a
 * reflective call before the JIT takes it over) with the standard MXCSR and restores the caller's on the way out,
 * so the flags are set again on every call rather than once per thread. DJL has no call for it and TorchScript no
 * operator, so it goes through glibc's {@code fegetenv}/{@code fesetenv} with JNA (on the classpath through DJL).
 * Only on Linux x86-64; elsewhere nothing changes. Java arithmetic on such a thread flushes too, which only matters
 * for numbers below 1.2e−38.
 *
 * <p>Results do not change in practice: nice-mnist's validation log-likelihoods over its first epochs were
 * bit-identical with and without the flags (a denormal moment moves a weight by less than its last bit).
 * {@code -Dnice4j.denormals=keep} leaves the environment alone (IEEE gradual underflow, at the old speed).
 */
public final class Denormals {
    /** The system property that chooses: {@code flush} (the default) or {@code keep}. */
    public static final String PROPERTY = "nice4j.denormals";

    private static final Logger LOG = LoggerFactory.getLogger(Denormals.class);
    /** glibc's x86-64 fenv_t: the x87 environment (28 bytes), then MXCSR. */
    private static final int FENV_SIZE = 32;
    private static final int MXCSR_OFFSET = 28;
    /** MXCSR's flush-to-zero (0x8000) and denormals-are-zero (0x40) bits. */
    private static final int FTZ_AND_DAZ = 0x8000 | 0x40;
    /** By its file name, which every glibc system has (the bare {@code libm.so} comes with development packages). */
    private static final String LIBM = "libm.so.6";

    private Denormals() {}

    /** Sets FTZ and DAZ on the calling thread (a few microseconds) unless the property says keep. */
    public static void flushOnThisThread() {
        if (!flushRequested() || !supported()) {
            return;
        }
        try (Memory environment = new Memory(FENV_SIZE)) {
            NativeLibrary libm = NativeLibrary.getInstance(LIBM);
            call(libm, "fegetenv", environment);
            environment.setInt(MXCSR_OFFSET, environment.getInt(MXCSR_OFFSET) | FTZ_AND_DAZ);
            call(libm, "fesetenv", environment);
        } catch (UnsatisfiedLinkError | IllegalStateException e) {
            LOG.debug("denormals are not flushed on this thread: {}", e.getMessage());
        }
    }

    /** Whether the calling thread flushes denormals to zero (reads MXCSR; false where that cannot be read). */
    public static boolean flushing() {
        if (!supported()) {
            return false;
        }
        try (Memory environment = new Memory(FENV_SIZE)) {
            call(NativeLibrary.getInstance(LIBM), "fegetenv", environment);
            return (environment.getInt(MXCSR_OFFSET) & FTZ_AND_DAZ) == FTZ_AND_DAZ;
        } catch (UnsatisfiedLinkError | IllegalStateException e) {
            return false;
        }
    }

    /**
     * The property's choice.
     *
     * @throws InvalidSettingException for a value other than flush or keep
     */
    static boolean flushRequested() {
        String value = System.getProperty(PROPERTY, "flush").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "flush" -> true;
            case "keep" -> false;
            default -> throw new InvalidSettingException(PROPERTY, "unknown value '" + value
                    + "' for -D" + PROPERTY + " (known: flush, keep)");
        };
    }

    private static boolean supported() {
        String arch = System.getProperty("os.arch");
        return System.getProperty("os.name").startsWith("Linux") && ("amd64".equals(arch) || "x86_64".equals(arch));
    }

    private static void call(NativeLibrary libm, String name, Memory environment) {
        Function function = libm.getFunction(name);
        if (function.invokeInt(new Object[] {environment}) != 0) {
            throw new IllegalStateException(name + " failed");
        }
    }
}
