package org.nice4j.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nice4j.InvalidSettingException;

/**
 * A user's changes to a preset's architecture, each null where the preset's value stands. Every kind of model takes
 * the ones it has and refuses the others (see {@link DensityArchitecture#adjusted}), so that asking a VAE for a
 * whitening or a flow for a latent size is an error rather than silently ignored.
 *
 * @param hidden    the width of the networks' hidden layers
 * @param depth     a flow's number of hidden layers per coupling network
 * @param blocks    a residual network's residual blocks per projection (B)
 * @param latent    a latent-variable model's number of latents (m)
 * @param whitening a flow's whitening stage, by id
 * @param decoder   a VDAE's decoder, by id
 */
public record ArchitectureChoices(Integer hidden, Integer depth, Integer blocks, Integer latent, String whitening,
        String decoder) {
    /** The setting names of every choice, for {@link #refuse}. */
    public static final String[] ALL = {"hidden", "depth", "blocks", "latent", "whitening", "decoder"};
    public static final ArchitectureChoices NONE = new ArchitectureChoices(null, null, null, null, null, null);

    /** Fails for the first of {@code settings} that was chosen: {@code kind} has no such setting. */
    public void refuse(String kind, String... settings) {
        Map<String, Object> chosen = new LinkedHashMap<>();
        chosen.put("hidden", hidden);
        chosen.put("depth", depth);
        chosen.put("blocks", blocks);
        chosen.put("latent", latent);
        chosen.put("whitening", whitening);
        chosen.put("decoder", decoder);
        for (String setting : settings) {
            if (chosen.get(setting) != null) {
                throw new InvalidSettingException(setting, kind + " has no " + setting + " setting");
            }
        }
    }
}
