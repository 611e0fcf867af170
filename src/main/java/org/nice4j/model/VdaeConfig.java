package org.nice4j.model;

import ai.djl.Device;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;
import java.util.Optional;
import org.nice4j.InvalidSettingException;

/**
 * The VDAE paper's variational denoising autoencoder (§2, eqs. 4–6), as data: noise ε ~ N(0, σ²I) added to x, a flow
 * f as the encoder (z = f(x + ε), or its linearisation f(x) + J·ε for the L-VDAE of eq. 7) over its own prior, and a
 * decoder either tied to f⁻¹ or a residual network of its own (appendix D: B = 1, H = 1024, no projections beside a
 * NICE encoder).
 *
 * @param encoder    the flow f and its prior p(z) (the paper: NICE, logistic prior)
 * @param posterior  {@link VdaePosterior#NOISY} (the VDAE) or {@link VdaePosterior#LINEARISED} (the L-VDAE with a flow
 *                   encoder)
 * @param decoder    {@link VdaeDecoder#COUPLED} or {@link VdaeDecoder#DECOUPLED}
 * @param noiseSigma σ fixed for good, or null to learn it
 * @param hidden     the decoupled decoder's residual blocks' hidden width H
 * @param blocks     the decoupled decoder's residual blocks B
 */
@JsonIgnoreProperties(value = ArchitectureKind.KEY, allowGetters = true)
@JsonPropertyOrder({ArchitectureKind.KEY, "encoder", "posterior", "decoder", "noiseSigma", "hidden", "blocks"})
public record VdaeConfig(ModelConfig encoder, VdaePosterior posterior, VdaeDecoder decoder, Double noiseSigma,
        int hidden, int blocks) implements DensityArchitecture {

    public VdaeConfig {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(posterior, "posterior");
        Objects.requireNonNull(decoder, "decoder");
        NoiseScale.checkFixed(noiseSigma);
        if (hidden < 1 || blocks < 1) {
            throw new InvalidSettingException("hidden", "the decoder's residual blocks need hidden >= 1 and blocks"
                    + " >= 1, got " + hidden + " and " + blocks);
        }
    }

    @JsonProperty(ArchitectureKind.KEY)
    String kind() {
        return ArchitectureKind.VDAE.id();
    }

    @Override
    public VariationalDenoisingAutoencoder create(Preprocessing preprocessing, Device device, long seed) {
        checkData(preprocessing);
        return VariationalDenoisingAutoencoder.create(this, preprocessing, device, seed);
    }

    /** The coupled decoder is a Gaussian density: binary pixels would get densities, not probabilities. */
    @Override
    public void checkData(Preprocessing preprocessing) {
        if (decoder == VdaeDecoder.COUPLED && preprocessing.binarized()) {
            throw new InvalidSettingException("decoder", "the coupled decoder is a Gaussian density and needs"
                    + " continuous data; binarized data needs the decoupled decoder");
        }
    }

    /** The preset with a user's decoder kind, noise and decoder network; a VDAE's latents are the data's size. */
    @Override
    public VdaeConfig adjusted(ArchitectureChoices choices) {
        choices.refuse("a VDAE", "depth", "whitening", "latent");
        return new VdaeConfig(encoder, posterior,
                choices.decoder() != null ? VdaeDecoder.parse(choices.decoder()) : decoder,
                choices.noiseSigmaOr(noiseSigma), choices.hiddenOr(hidden), choices.blocksOr(blocks));
    }

    @Override
    public Optional<VdaeConfig> config() {
        return Optional.of(this);
    }

    @Override
    public String describe() {
        return (posterior == VdaePosterior.NOISY ? "VDAE" : "L-VDAE") + " with a flow encoder (" + encoder.describe()
                + "), " + decoder.id() + " decoder"
                + (decoder == VdaeDecoder.DECOUPLED ? " (hidden " + hidden + ", " + blocks + " block"
                        + (blocks == 1 ? "" : "s") + ")" : "")
                + ", noise σ " + (noiseSigma == null ? "learned" : "fixed at " + noiseSigma);
    }
}
