package org.nice4j.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.nice4j.InvalidSettingException;

/** Turns a device name ({@code auto}, {@code cpu} or {@code gpu}) into a DJL device, and keeps the engine offline. */
public final class Devices {
    private Devices() {}

    /** No download at run time: the native library comes from the classpath (or PYTORCH_LIBRARY_PATH). */
    public static void offline() {
        if (System.getenv("DJL_OFFLINE") == null && System.getProperty("DJL_OFFLINE") == null) {
            System.setProperty("DJL_OFFLINE", "true");
            System.setProperty("ai.djl.offline", "true");
        }
    }

    public static Device resolve(String name) {
        offline();
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
