package org.nice4j.transform;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/** Namespacing of parameter names, so a composite's names are unique and stable ("3.m.w0"). */
final class Prefixed {
    private Prefixed() {}

    static Map<String, NDArray> of(String prefix, Map<String, NDArray> parameters) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        parameters.forEach((name, p) -> out.put(prefix + name, p));
        return out;
    }
}
