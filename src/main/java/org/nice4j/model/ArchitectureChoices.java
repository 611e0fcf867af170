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
 * @param noiseSigma a VDAE's or L-VDAE's noise scale σ, fixed rather than learned
 */
public record ArchitectureChoices(Integer hidden, Integer depth, Integer blocks, Integer latent, String whitening,
        String decoder, Double noiseSigma) {
    /** The setting names of every choice, for {@link #refuse}. */
    public static final String[] ALL = {"hidden", "depth", "blocks", "latent", "whitening", "decoder", "noiseSigma"};
    public static final ArchitectureChoices NONE = new ArchitectureChoices(null, null, null, null, null, null, null);

    /** The chosen hidden width, else {@code preset}'s. */
    public int hiddenOr(int preset) {
        return hidden != null ? hidden : preset;
    }

    /** The chosen residual blocks per projection, else {@code preset}'s. */
    public int blocksOr(int preset) {
        return blocks != null ? blocks : preset;
    }

    /** The chosen number of latents, else {@code preset}'s. */
    public int latentOr(int preset) {
        return latent != null ? latent : preset;
    }

    /** The chosen fixed noise scale, else {@code preset}'s (null: learned). */
    public Double noiseSigmaOr(Double preset) {
        return noiseSigma != null ? noiseSigma : preset;
    }

    /** Fails for the first of {@code settings} that was chosen: {@code kind} has no such setting. */
    public void refuse(String kind, String... settings) {
        Map<String, Object> chosen = new LinkedHashMap<>();
        chosen.put("hidden", hidden);
        chosen.put("depth", depth);
        chosen.put("blocks", blocks);
        chosen.put("latent", latent);
        chosen.put("whitening", whitening);
        chosen.put("decoder", decoder);
        chosen.put("noiseSigma", noiseSigma);
        for (String setting : settings) {
            if (chosen.get(setting) != null) {
                throw new InvalidSettingException(setting, kind + " has no " + setting + " setting");
            }
        }
    }
}
