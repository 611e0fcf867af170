package org.nice4j.io;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nice4j.NiceException;
import org.nice4j.model.FlowArchitecture;
import org.nice4j.model.FlowModel;
import org.nice4j.model.ModelConfig;
import org.nice4j.model.Preprocessing;

/**
 * The model file: one {@link TensorFile} of kind "model" whose header holds the architecture, the preprocessing
 * and the training provenance, and whose tensors are the parameters. Reloading rebuilds the same architecture and
 * copies the weights bit for bit, so log p is identical.
 */
public final class ModelFile {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The header key that marks a flow composed in code, with its architecture's class name. */
    static final String CUSTOM = "composed_in_code";

    /** A model read from disk with the provenance it was saved with. */
    public record Loaded(FlowModel model, JsonNode provenance) {}

    private ModelFile() {}

    public static void save(FlowModel model, Map<String, Object> provenance, Path file) {
        TensorFile.write(file, TensorFile.MODEL, header(model, provenance), Tensors.toHost(model.tensors(), ""));
    }

    /** Loads a model whose architecture the file describes (every model made from a {@link ModelConfig}). */
    public static Loaded load(Path file, Device device) {
        TensorFile.Contents c = TensorFile.read(file, TensorFile.MODEL);
        return new Loaded(rebuild(c, file, device, storedArchitecture(c, file)), c.header().path("provenance"));
    }

    /**
     * Loads a model's parameters into a flow built from {@code architecture}: how a flow composed in code is
     * reloaded. Every stored array must match one of the flow's by name and shape.
     */
    public static Loaded load(Path file, Device device, FlowArchitecture architecture) {
        TensorFile.Contents c = TensorFile.read(file, TensorFile.MODEL);
        return new Loaded(rebuild(c, file, device, architecture), c.header().path("provenance"));
    }

    /**
     * The architecture and preprocessing part of a header, shared with checkpoints. A flow composed in code is
     * recorded by its architecture's class name, so that loading it without that code fails with a clear message.
     */
    static ObjectNode header(FlowModel model, Map<String, Object> provenance) {
        ObjectNode h = JSON.createObjectNode();
        h.set("model", model.architecture().config().<JsonNode>map(JSON::valueToTree).orElseGet(() ->
                JSON.createObjectNode().put(CUSTOM, model.architecture().getClass().getName())));
        h.set("preprocessing", JSON.valueToTree(model.preprocessing()));
        h.set("provenance", JSON.valueToTree(provenance));
        return h;
    }

    /** The architecture a header describes; fails for a flow that was composed in code. */
    static FlowArchitecture storedArchitecture(TensorFile.Contents c, Path file) {
        JsonNode model = c.header().get("model");
        if (model != null && model.has(CUSTOM)) {
            throw new NiceException(file + ": the flow was composed in code (" + model.get(CUSTOM).asText()
                    + "); load it with ModelFile.load(file, device, architecture)");
        }
        ModelConfig config;
        try {
            config = JSON.treeToValue(model, ModelConfig.class);
        } catch (Exception e) {
            throw new NiceException(file + ": the architecture in the header is not readable ("
                    + firstLine(e.getMessage()) + ")");
        }
        if (config == null) {
            throw new NiceException(file + ": the header has no architecture");
        }
        return config;
    }

    /** Builds {@code architecture} with the header's preprocessing and fills in the stored parameters. */
    static FlowModel rebuild(TensorFile.Contents c, Path file, Device device, FlowArchitecture architecture) {
        Preprocessing preprocessing;
        try {
            preprocessing = JSON.treeToValue(c.header().get("preprocessing"), Preprocessing.class);
        } catch (Exception e) {
            throw new NiceException(file + ": the preprocessing in the header is not readable ("
                    + firstLine(e.getMessage()) + ")");
        }
        if (preprocessing == null) {
            throw new NiceException(file + ": the header has no preprocessing");
        }
        FlowModel model = FlowModel.create(architecture, preprocessing, device, 0);
        try {
            LinkedHashMap<String, HostTensor> params = new LinkedHashMap<>();
            c.tensors().forEach((name, t) -> {
                if (!name.startsWith(Checkpoint.OPTIMIZER_PREFIX)) {
                    params.put(name, t);
                }
            });
            Tensors.assign(model.tensors(), params, file.toString());
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unknown reason";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
