package org.nice4j.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.nice4j.Choice;
import org.nice4j.Json;

/**
 * The kinds of density model a preset or a model file can describe as data. A stored architecture names its kind in a
 * {@value #KEY} field; one without it is a flow, as every file written before latent-variable models existed.
 */
public enum ArchitectureKind implements Choice {
    /** A normalising flow ({@link ModelConfig}). */
    FLOW(ModelConfig.class);

    /** The field that names the kind. */
    public static final String KEY = "kind";

    private final Class<? extends DensityArchitecture> type;

    ArchitectureKind(Class<? extends DensityArchitecture> type) {
        this.type = type;
    }

    /** The architecture {@code node} describes, of the kind it names (a flow when it names none). */
    public static DensityArchitecture read(JsonNode node) throws IOException {
        ArchitectureKind kind = node.has(KEY) ? Choice.parse(ArchitectureKind.class, node.get(KEY).asText(), KEY)
                : FLOW;
        return Json.MAPPER.treeToValue(node, kind.type);
    }

    /** Reads a preset's {@code model} with {@link #read}. */
    static final class Reader extends JsonDeserializer<DensityArchitecture> {
        @Override
        public DensityArchitecture deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return read(context.readTree(parser));
        }
    }
}
