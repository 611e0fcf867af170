package org.nice4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import org.nice4j.Json;
import org.nice4j.infer.InitialState;
import org.nice4j.infer.Masks;

/**
 * The body of an inpainting request, checked field by field before any engine work: which image (a test image's
 * index or drawn pixels), which pixels to hide (a named mask or drawn flags), how many steps, the seed and the start.
 *
 * @param image  a test image's index, or null when {@code pixels} are given
 * @param pixels drawn pixels in [0, 1], row-major, or null
 * @param mask   a named mask, or null when {@code hidden} is given
 * @param hidden drawn flags, true where a pixel is inpainted, or null
 */
record InpaintRequest(Integer image, float[] pixels, String mask, boolean[] hidden, int steps, long seed,
        InitialState init) {
    /** Bytes of the largest body read: 64-by-64 images with every value spelt out fit many times over. */
    static final int MAX_BODY_BYTES = 512 * 1024;
    static final int MAX_STEPS = 5000;
    static final int DEFAULT_STEPS = 300;

    static InpaintRequest read(InputStream body) {
        byte[] bytes;
        try {
            bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new BadRequest("body", "cannot read the request body (" + e.getMessage() + ")");
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new BadRequest("body", "larger than " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new BadRequest("body", "not JSON (" + Json.firstLine(e) + ")");
        }
        if (json == null || !json.isObject()) {
            throw new BadRequest("body", "must be a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            String field = it.next().getKey();
            if (!field.matches("image|pixels|mask|hidden|steps|seed|init")) {
                throw new BadRequest(Params.shortened(field), "unknown field (known: image, pixels, mask, hidden, "
                        + "steps, seed, init)");
            }
        }
        Integer image = json.has("image") ? wholeNumber(json.get("image"), "image", 0, Integer.MAX_VALUE) : null;
        float[] pixels = json.has("pixels") ? pixels(json.get("pixels")) : null;
        if ((image == null) == (pixels == null)) {
            throw new BadRequest("image", "give either a test image's index (image) or drawn pixels (pixels)");
        }
        String mask = null;
        if (json.has("mask")) {
            mask = json.get("mask").asText();
            if (!Masks.NAMES.contains(mask)) {
                throw new BadRequest("mask", "unknown mask '" + Params.shortened(mask) + "' (known: "
                        + String.join(", ", Masks.NAMES) + ")");
            }
        }
        boolean[] hidden = json.has("hidden") ? hidden(json.get("hidden")) : null;
        if ((mask == null) == (hidden == null)) {
            throw new BadRequest("mask", "give either a named mask (mask) or drawn flags (hidden)");
        }
        int steps = json.has("steps") ? wholeNumber(json.get("steps"), "steps", 0, MAX_STEPS) : DEFAULT_STEPS;
        long seed = json.has("seed") ? wholeNumber(json.get("seed"), "seed", Integer.MIN_VALUE, Integer.MAX_VALUE) : 0;
        InitialState init = InitialState.NOISE;
        if (json.has("init")) {
            String name = json.get("init").asText();
            if (!name.equals(InitialState.NOISE.id()) && !name.equals(InitialState.ZEROS.id())) {
                throw new BadRequest("init", "unknown start '" + Params.shortened(name) + "' (known: noise, zeros)");
            }
            init = InitialState.named(name);
        }
        return new InpaintRequest(image, pixels, mask, hidden, steps, seed, init);
    }

    /** Checks drawn arrays against the model's image size, known only once the model is loaded. */
    void requireDimension(int dimension) {
        if (pixels != null && pixels.length != dimension) {
            throw new BadRequest("pixels", pixels.length + " values, the model's images have " + dimension);
        }
        if (hidden != null && hidden.length != dimension) {
            throw new BadRequest("hidden", hidden.length + " flags, the model's images have " + dimension);
        }
    }

    private static int wholeNumber(JsonNode node, String name, int min, int max) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new BadRequest(name, "must be a whole number, got " + Params.shortened(node.toString()));
        }
        return Params.intIn(name, node.asText(), min, max);
    }

    private static float[] pixels(JsonNode node) {
        if (!node.isArray()) {
            throw new BadRequest("pixels", "must be an array of numbers in [0, 1]");
        }
        float[] out = new float[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isNumber() || !(v.asDouble() >= 0 && v.asDouble() <= 1)) {
                throw new BadRequest("pixels", "value " + i + " is " + Params.shortened(v.toString())
                        + ", not a number in [0, 1]");
            }
            out[i] = (float) v.asDouble();
        }
        return out;
    }

    private static boolean[] hidden(JsonNode node) {
        if (!node.isArray()) {
            throw new BadRequest("hidden", "must be an array of 0 and 1 (or false and true)");
        }
        boolean[] out = new boolean[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (v.isBoolean()) {
                out[i] = v.asBoolean();
            } else if (v.isIntegralNumber() && (v.asInt() == 0 || v.asInt() == 1)) {
                out[i] = v.asInt() == 1;
            } else {
                throw new BadRequest("hidden", "flag " + i + " is " + Params.shortened(v.toString())
                        + ", not 0 or 1");
            }
        }
        return out;
    }
}
