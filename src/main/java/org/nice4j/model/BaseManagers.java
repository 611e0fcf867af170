package org.nice4j.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.function.Function;
import org.nice4j.engine.Devices;

/** Where a model gets the base manager that owns its parameters. */
final class BaseManagers {
    private BaseManagers() {}

    /** {@code model} built on a new PyTorch base manager of its own, which is closed again if the build fails. */
    static <M extends DensityModel> M build(Device device, Function<NDManager, M> model) {
        Devices.prepareThread();
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            return model.apply(manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }
}
