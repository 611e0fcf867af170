package org.nice4j.io;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import org.nice4j.InvalidSettingException;
import org.nice4j.Json;
import org.nice4j.NiceException;
import org.nice4j.model.ArchitectureKind;
import org.nice4j.model.DensityArchitecture;
import org.nice4j.model.DensityModel;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Preprocessing;

/**
 * The model file of every {@link DensityModel}: one {@link TensorFile} of kind "model" whose header holds the
 * architecture (its kind named as {@link ArchitectureKind} reads it), the preprocessing and the training provenance,
 * and whose tensors are the parameters. Reloading rebuilds the same architecture and
 * copies the weights bit for bit, so log p is identical.
 */
public final class ModelFile {
    /** The header key that marks a flow composed in code, with its architecture's class name. */
    static final String CUSTOM = "composed_in_code";

    /** A model read from {@code file} with the provenance it was saved with. */
    public record Loaded(DensityModel model, JsonNode provenance, Path file) {

        /** The model as a flow, for what only a flow does; fails with one line naming the file when it is not one. */
        public FlowModel flow() {
            return model.asFlow().orElseThrow(() -> new InvalidSettingException("model", file + " holds "
                    + model.architecture().describe() + ", not a flow; only a flow's exact inverse serves here"));
        }
    }

    private ModelFile() {}

    public static void save(DensityModel model, Map<String, Object> provenance, Path file) {
        TensorFile.write(file, TensorFile.MODEL, header(model, provenance), Tensors.toHost(model.tensors(), ""));
    }

    /** Loads a model whose architecture the file describes (a preset's, or any made from stored settings). */
    public static Loaded load(Path file, Device device) {
        TensorFile.Contents c = TensorFile.read(file, TensorFile.MODEL);
        return new Loaded(rebuild(c.header(), c.tensors(), file, device, storedArchitecture(c.header(), file)),
                c.header().path("provenance"), file);
    }

    /**
     * Loads a model's parameters into a flow built from {@code architecture}: how a flow composed in code is
     * reloaded. The stored arrays must be exactly the flow's own, by name and shape.
     */
    public static Loaded load(Path file, Device device, DensityArchitecture architecture) {
        TensorFile.Contents c = TensorFile.read(file, TensorFile.MODEL);
        return new Loaded(rebuild(c.header(), c.tensors(), file, device, architecture), c.header().path("provenance"),
                file);
    }

    /**
     * The architecture, preprocessing and provenance part of a header, shared with training checkpoints. A flow
     * composed in code is recorded by its architecture's class name, so that loading it without that code fails with
     * a clear message.
     */
    public static ObjectNode header(DensityModel model, Map<String, Object> provenance) {
        ObjectNode h = Json.MAPPER.createObjectNode();
        h.set("model", model.architecture().config().<JsonNode>map(Json.MAPPER::valueToTree).orElseGet(() ->
                Json.MAPPER.createObjectNode().put(CUSTOM, model.architecture().getClass().getName())));
        h.set("preprocessing", Json.MAPPER.valueToTree(model.preprocessing()));
        h.set("provenance", Json.MAPPER.valueToTree(provenance));
        return h;
    }

    /**
     * The architecture a {@link #header} describes; fails for a flow that was composed in code.
     *
     * @param file where the header was read from, for error messages
     */
    public static DensityArchitecture storedArchitecture(JsonNode header, Path file) {
        JsonNode model = header.get("model");
        if (model != null && model.has(CUSTOM)) {
            throw new NiceException(file + ": the flow was composed in code (" + model.get(CUSTOM).asText()
                    + "); load it with ModelFile.load(file, device, architecture)");
        }
        if (model == null || model.isNull()) {
            throw new NiceException(file + ": the header has no architecture");
        }
        try {
            return ArchitectureKind.read(model);
        } catch (Exception e) {
            throw new NiceException(file + ": the architecture in the header is not readable ("
                    + Json.firstLine(e) + ")");
        }
    }

    /**
     * Builds {@code architecture} with the header's preprocessing and fills in the stored parameters, which must be
     * exactly the model's own.
     *
     * @param file where the header and parameters were read from, for error messages
     */
    public static DensityModel rebuild(JsonNode header, Map<String, HostTensor> parameters, Path file,
            Device device, DensityArchitecture architecture) {
        Preprocessing preprocessing;
        try {
            preprocessing = Json.MAPPER.treeToValue(header.get("preprocessing"), Preprocessing.class);
        } catch (Exception e) {
            throw new NiceException(file + ": the preprocessing in the header is not readable ("
                    + Json.firstLine(e) + ")");
        }
        if (preprocessing == null) {
            throw new NiceException(file + ": the header has no preprocessing");
        }
        DensityModel model = architecture.create(preprocessing, device, 0);
        try {
            Tensors.assign(model.tensors(), parameters, file.toString());
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
