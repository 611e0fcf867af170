package org.nice4j.io;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
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
        return new Loaded(rebuild(c.header(), c.tensors(), file, device), c.header().path("provenance"));
    }

    /** The architecture, preprocessing and provenance part of a header, shared with training checkpoints. */
    public static ObjectNode header(FlowModel model, Map<String, Object> provenance) {
        ObjectNode h = Json.MAPPER.createObjectNode();
        h.set("model", Json.MAPPER.valueToTree(model.config()));
        h.set("preprocessing", Json.MAPPER.valueToTree(model.preprocessing()));
        h.set("provenance", Json.MAPPER.valueToTree(provenance));
        return h;
    }

    /**
     * Builds the model a {@link #header} describes and fills in the stored parameters, which must be exactly the
     * model's own.
     *
     * @param file where the header and parameters were read from, for error messages
     */
    public static FlowModel rebuild(JsonNode header, Map<String, HostTensor> parameters, Path file, Device device) {
        ModelConfig config;
        Preprocessing preprocessing;
        try {
            config = Json.MAPPER.treeToValue(header.get("model"), ModelConfig.class);
            preprocessing = Json.MAPPER.treeToValue(header.get("preprocessing"), Preprocessing.class);
        } catch (Exception e) {
            throw new NiceException(file + ": the architecture in the header is not readable ("
                    + Json.firstLine(e) + ")");
        }
        if (config == null || preprocessing == null) {
            throw new NiceException(file + ": the header has no architecture");
        }
        FlowModel model = FlowModel.create(config, preprocessing, device, 0);
        try {
            Tensors.assign(model.tensors(), parameters, file.toString());
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
