package org.nice4j.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.nice4j.InvalidSettingException;

/**
 * Turns a device name ({@code auto}, {@code cpu} or {@code gpu}) into a DJL device, and readies a thread for the
 * engine.
 */
public final class Devices {
    private Devices() {}

    /**
     * Call on a thread before its first engine operation: no download at run time (the native library comes from the
     * classpath or PYTORCH_LIBRARY_PATH), and denormals flushed to zero on this thread and the engine workers it
     * starts ({@link Denormals}).
     */
    public static void prepareThread() {
        Denormals.flushOnThisThread();
        if (System.getenv("DJL_OFFLINE") == null && System.getProperty("DJL_OFFLINE") == null) {
            System.setProperty("DJL_OFFLINE", "true");
            System.setProperty("ai.djl.offline", "true");
        }
    }

    public static Device resolve(String name) {
        prepareThread();
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        return switch (name) {
            case "auto" -> gpus > 0 ? Device.gpu() : Device.cpu();
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (gpus == 0) {
                    throw new InvalidSettingException("device", "device 'gpu' needs a CUDA device, and the PyTorch"
                            + " engine sees none (build with -Pcuda and set PYTORCH_LIBRARY_PATH to a CUDA"
                            + " libtorch 2.7.1)");
                }
                yield Device.gpu();
            }
            default -> throw new InvalidSettingException("device", "unknown device '" + name
                    + "' (known: auto, cpu, gpu)");
        };
    }
}
