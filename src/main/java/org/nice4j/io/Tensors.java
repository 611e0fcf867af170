package org.nice4j.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nice4j.NiceException;
import org.nice4j.engine.Host;

/** Moves arrays between the engine and the host, for files. */
public final class Tensors {
    private Tensors() {}

    public static HostTensor toHost(NDArray array) {
        return new HostTensor(array.getShape().getShape(), array.toFloatArray());
    }

    public static LinkedHashMap<String, HostTensor> toHost(Map<String, NDArray> arrays, String prefix) {
        LinkedHashMap<String, HostTensor> out = new LinkedHashMap<>();
        arrays.forEach((name, a) -> out.put(prefix + name, toHost(a)));
        return out;
    }

    public static NDArray toEngine(NDManager manager, HostTensor tensor) {
        return Host.array(manager, tensor.data(), new Shape(tensor.shape()));
    }

    /**
     * Overwrites every parameter with the stored tensor of the same name; the set of names and every shape must
     * match exactly, so a file for another architecture is refused rather than half-loaded.
     */
    public static void assign(Map<String, NDArray> parameters, Map<String, HostTensor> stored, String file) {
        for (String name : stored.keySet()) {
            if (!parameters.containsKey(name)) {
                throw new NiceException(file + ": has parameter '" + name + "' that the architecture does not");
            }
        }
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            HostTensor t = stored.get(e.getKey());
            if (t == null) {
                throw new NiceException(file + ": parameter '" + e.getKey() + "' is missing");
            }
            long[] expected = e.getValue().getShape().getShape();
            if (!Arrays.equals(expected, t.shape())) {
                throw new NiceException(file + ": parameter '" + e.getKey() + "' has shape "
                        + Arrays.toString(t.shape()) + ", the architecture needs " + Arrays.toString(expected));
            }
            NDArray param = e.getValue();
            // In place rather than NDArray.set, which goes through a deprecated libtorch path that prints a
            // warning on every load. The parameter holds a fresh, finite initialisation, so ×0 clears it.
            try (NDArray value = toEngine(param.getManager(), t)) {
                param.muli(0).addi(value);
            }
        }
    }
}
