package org.nice4j.io;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nice4j.Json;
import org.nice4j.NiceException;
import org.nice4j.model.FlowModel;
import org.nice4j.model.ModelConfig;
import org.nice4j.model.Preprocessing;

/**
 * The model file: one {@link TensorFile} of kind "model" whose header holds the architecture, the preprocessing
 * and the training provenance, and whose tensors are the parameters. Reloading rebuilds the same architecture and
 * copies the weights bit for bit, so log p is identical.
 */
public final class ModelFile {
    /** A model read from disk with the provenance it was saved with. */
    public record Loaded(FlowModel model, JsonNode provenance) {}

    private ModelFile() {}

    public static void save(FlowModel model, Map<String, Object> provenance, Path file) {
        TensorFile.write(file, TensorFile.MODEL, header(model, provenance), Tensors.toHost(model.tensors(), ""));
    }

    public static Loaded load(Path file, Device device) {
        TensorFile.Contents c = TensorFile.read(file, TensorFile.MODEL);
        return new Loaded(rebuild(c, file, device), c.header().path("provenance"));
    }

    /** The architecture and preprocessing part of a header, shared with checkpoints. */
    static ObjectNode header(FlowModel model, Map<String, Object> provenance) {
        ObjectNode h = Json.MAPPER.createObjectNode();
        h.set("model", Json.MAPPER.valueToTree(model.config()));
        h.set("preprocessing", Json.MAPPER.valueToTree(model.preprocessing()));
        h.set("provenance", Json.MAPPER.valueToTree(provenance));
        return h;
    }

    /** Builds the model a header describes and fills in the stored parameters (names without prefix). */
    static FlowModel rebuild(TensorFile.Contents c, Path file, Device device) {
        ModelConfig config;
        Preprocessing preprocessing;
        try {
            config = Json.MAPPER.treeToValue(c.header().get("model"), ModelConfig.class);
            preprocessing = Json.MAPPER.treeToValue(c.header().get("preprocessing"), Preprocessing.class);
        } catch (Exception e) {
            throw new NiceException(file + ": the architecture in the header is not readable ("
                    + firstLine(e.getMessage()) + ")");
        }
        if (config == null || preprocessing == null) {
            throw new NiceException(file + ": the header has no architecture");
        }
        FlowModel model = FlowModel.create(config, preprocessing, device, 0);
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
