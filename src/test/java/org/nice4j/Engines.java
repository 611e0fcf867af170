package org.nice4j;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.nice4j.engine.Devices;

/** Test helper: CPU managers on the PyTorch engine, offline. */
public final class Engines {
    private static NDManager shared;

    private Engines() {}

    /**
     * One manager for a whole test JVM, for classes that open a sub-manager per test; it lives until the JVM
     * exits, so no class has to open and close its own.
     */
    public static synchronized NDManager shared() {
        if (shared == null) {
            shared = cpu();
        }
        return shared;
    }

    public static NDManager cpu() {
        Devices.prepareThread();
        return NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }
}
