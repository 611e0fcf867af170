package org.nice4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.nice4j.Json;
import org.nice4j.NiceException;

/**
 * The JSON block of a tensor file: the caller's header next to the name and shape of every tensor, in the order their
 * data follows. Keeping the table of contents in JSON lets anyone inspect a file with a hex dump and {@code jq}, and
 * lets the reader check every size against the file length before it allocates anything.
 */
record Envelope(JsonNode header, List<Entry> entries) {

    /** Java arrays stop a few elements short of {@link Integer#MAX_VALUE}; a tensor must fit in one. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** One tensor's place in the data region. */
    record Entry(String name, long[] shape, long elementCount) {

        long byteCount() {
            return elementCount * Float.BYTES;
        }
    }

    /** Describes tensors about to be written, in the map's iteration order. */
    static Envelope describe(JsonNode header, Map<String, HostTensor> tensors) {
        List<Entry> entries = new ArrayList<>(tensors.size());
        tensors.forEach((name, tensor) -> entries.add(new Entry(name, tensor.shape(), tensor.data().length)));
        return new Envelope(header, entries);
    }

    byte[] toJson() throws JsonProcessingException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.set("header", header);
        ArrayNode list = root.putArray("tensors");
        for (Entry entry : entries) {
            ObjectNode item = list.addObject();
            item.put("name", entry.name());
            ArrayNode shape = item.putArray("shape");
            for (long dim : entry.shape()) {
                shape.add(dim);
            }
        }
        return Json.MAPPER.writeValueAsBytes(root);
    }

    /**
     * Parses and checks the JSON block of a file being read.
     *
     * @param corrupted turns a description of what is wrong into the exception to throw, naming the file
     */
    static Envelope parse(byte[] json, Function<String, NiceException> corrupted) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw corrupted.apply("header is not valid JSON: " + TensorFile.oneLine(e));
        }
        if (root == null || !root.isObject() || !root.has("header") || !root.path("tensors").isArray()) {
            throw corrupted.apply("header JSON lacks the 'header' and 'tensors' fields");
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode item : root.get("tensors")) {
            Entry entry = parseEntry(item, corrupted);
            if (!names.add(entry.name())) {
                throw corrupted.apply("tensor '" + entry.name() + "' is listed twice");
            }
            entries.add(entry);
        }
        return new Envelope(root.get("header"), entries);
    }

    private static Entry parseEntry(JsonNode item, Function<String, NiceException> corrupted) {
        JsonNode name = item.path("name");
        JsonNode shape = item.path("shape");
        if (!name.isTextual() || !shape.isArray()) {
            throw corrupted.apply("a tensor entry lacks a text 'name' or an array 'shape'");
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            JsonNode dim = shape.get(i);
            if (!dim.isIntegralNumber() || !dim.canConvertToLong() || dim.asLong() < 0) {
                throw corrupted.apply("tensor '" + name.asText() + "' has an invalid shape " + shape);
            }
            dims[i] = dim.asLong();
        }
        long count = HostTensor.elementCount(dims);
        if (count > MAX_ELEMENTS) {
            throw corrupted.apply("tensor '" + name.asText() + "' of shape " + shape + " is larger than a Java array");
        }
        return new Entry(name.asText(), dims, count);
    }
}
