package org.nice4j.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.nice4j.InvalidSettingException;
import org.nice4j.Json;
import org.nice4j.engine.Precision;

/** Named architectures, read from {@code presets.json} on the classpath: adding one is editing data, not code. */
public final class Presets {
    private static final ObjectMapper JSON = Json.MAPPER;

    /**
     * One preset: the architecture, the preprocessing of the data it was designed for and, when its paper trains
     * it differently from NICE, the training settings that paper used ({@code training}, null for NICE's).
     */
    public record Preset(String description, ModelConfig model, Preprocessing preprocessing, Training training) {}

    /**
     * A paper's (or a recipe's) training settings, each null where NICE's default applies.
     *
     * @param finalPhase   the fraction of the epochs, at the end, trained with the learning rate divided by 10 (GIN
     *                     App. D: 50 of 95 epochs)
     * @param schedule     "exponential" (NICE's per-step decay) or "cosine" (a warm-up, then a cosine to
     *                     {@code lrMin} at the end of the run)
     * @param warmupSteps  the cosine schedule's warm-up, in minibatches
     * @param initExamples how many training examples start the scaling layer from the data
     * @param averageDecay the decay of the Polyak average of the weights that is validated and kept
     * @param precision    the format of the networks' matrix products in training
     */
    public record Training(String optimizer, Double lr, Double lrDecay, Double lrMin, Integer batch, Double noise,
            Double finalPhase, String schedule, Integer warmupSteps, Integer initExamples, Double averageDecay,
            Precision precision) {

        /** Nothing set: NICE's settings throughout. */
        public static final Training NICE = new Training(null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    private static final Map<String, Preset> ALL = load();

    private Presets() {}

    public static Preset get(String name) {
        Preset p = ALL.get(name);
        if (p == null) {
            throw new InvalidSettingException("preset", "unknown preset '" + name + "' (known: " + String.join(", ", ALL.keySet()) + ")");
        }
        return p;
    }

    public static Map<String, Preset> all() {
        return ALL;
    }

    private static Map<String, Preset> load() {
        try (InputStream in = Presets.class.getResourceAsStream("/presets.json")) {
            if (in == null) {
                throw new IllegalStateException("presets.json missing from the classpath");
            }
            TreeMap<String, Preset> byName = JSON.readValue(in,
                    JSON.getTypeFactory().constructMapType(TreeMap.class, String.class, Preset.class));
            return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
        } catch (IOException e) {
            throw new IllegalStateException("presets.json is malformed: " + e.getMessage(), e);
        }
    }
}
