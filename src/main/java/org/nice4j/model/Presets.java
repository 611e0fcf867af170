package org.nice4j.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
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
    public record Preset(String description, @JsonDeserialize(using = ArchitectureKind.Reader.class)
            DensityArchitecture model, Preprocessing preprocessing, Training training) {

        /** The epochs to train: the user's {@code chosen} when given, else the recipe's, else 10. */
        public int epochsOr(Integer chosen) {
            return (training != null ? training : Training.NICE).epochsOr(chosen);
        }

        /** The preset's flow, for what only a flow does; fails for a latent-variable model. */
        public ModelConfig flow() {
            if (model instanceof ModelConfig flow) {
                return flow;
            }
            throw new InvalidSettingException("preset", "the preset is not a flow (" + description + ")");
        }
    }

    /**
     * A paper's (or a recipe's) training settings, each null where NICE's default applies.
     *
     * @param finalPhase   the fraction of the epochs, at the end, trained with the learning rate divided by 10 (GIN
     *                     App. D: 50 of 95 epochs)
     * @param lrWarmup     the fraction of the run's minibatches, at the start, over which the learning rate grows
     *                     linearly from 1e-5 (VDAE App. D: 10 of 1000 epochs)
     * @param klWarmup     the fraction of the epochs, at the start, over which a latent-variable model's KL weight
     *                     grows linearly from 0 to 1 (VDAE App. D: 100 of 1000 epochs)
     * @param schedule     "exponential" (NICE's per-step decay) or "cosine" (half a cosine from the full rate to
     *                     {@code lrMin} at the end of the run, after the warm-up)
     * @param initExamples how many training examples start the scaling layer from the data
     * @param averageDecay the decay of the Polyak average of the weights that is validated and kept
     * @param precision    the format of the networks' matrix products in training
     * @param epochs       the epochs a run trains for when the user names none ({@link #DEFAULT_EPOCHS} if null)
     * @param weightDecay  Adam's decoupled weight decay λ on the weight matrices (AdamW)
     */
    public record Training(String optimizer, Double lr, Double lrDecay, Double lrMin, Integer batch, Double noise,
            Double finalPhase, Double lrWarmup, Double klWarmup, String schedule, Integer initExamples,
            Double averageDecay, Precision precision, Integer epochs, Double weightDecay) {

        /** The epochs of a run when neither the user nor the preset names them. */
        public static final int DEFAULT_EPOCHS = 10;

        /** Nothing set: NICE's settings throughout. */
        public static final Training NICE = new Training(null, null, null, null, null, null, null);

        /** A paper's settings without warm-ups, NICE's schedule shape, start, average and precision. */
        public Training(String optimizer, Double lr, Double lrDecay, Double lrMin, Integer batch, Double noise,
                Double finalPhase) {
            this(optimizer, lr, lrDecay, lrMin, batch, noise, finalPhase, null, null, null, null, null, null, null,
                    null);
        }

        /** The epochs to train: the user's {@code chosen} when given, else the recipe's, else 10. */
        public int epochsOr(Integer chosen) {
            return chosen != null ? chosen : epochs != null ? epochs : DEFAULT_EPOCHS;
        }
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
