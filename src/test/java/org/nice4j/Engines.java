package org.nice4j;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.nice4j.engine.Devices;

/** Test helper: a CPU manager on the PyTorch engine, offline. */
public final class Engines {
    private Engines() {}

    public static NDManager cpu() {
        Devices.offline();
        return NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }
}
