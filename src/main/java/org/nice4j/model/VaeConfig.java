package org.nice4j.model;

import ai.djl.Device;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Optional;

/**
 * The VDAE paper's vanilla VAE (eq. 2, appendix D), as data: a diagonal-Gaussian encoder and a mirrored decoder, both
 * the paper's fully connected residual-projection networks, over a standard normal prior on {@code latent}
 * dimensions. The decoder is Bernoulli (logits) for binarized images and Gaussian with one learned variance for
 * continuous data; which one follows from the data's {@link Preprocessing}.
 *
 * @param latent m, the number of latents
 * @param hidden H, the hidden width of every residual block
 * @param blocks B, the residual blocks before each projection
 */
@JsonIgnoreProperties(value = ArchitectureKind.KEY, allowGetters = true)
@JsonPropertyOrder({ArchitectureKind.KEY, "latent", "hidden", "blocks"})
public record VaeConfig(int latent, int hidden, int blocks) implements DensityArchitecture {

    public VaeConfig {
        ProjectionNetworks.check("a VAE", latent, hidden, blocks);
    }

    /** The kind a model file records, so that it reloads as a VAE. */
    @JsonProperty(ArchitectureKind.KEY)
    String kind() {
        return ArchitectureKind.VAE.id();
    }

    @Override
    public VariationalAutoencoder create(Preprocessing preprocessing, Device device, long seed) {
        checkData(preprocessing);
        return VariationalAutoencoder.create(this, preprocessing, device, seed);
    }

    /** The latents must be fewer than the data's coordinates: a VAE compresses. */
    @Override
    public void checkData(Preprocessing preprocessing) {
        ProjectionNetworks.checkFewerLatents(latent, preprocessing, "a VAE's latents must be fewer than");
    }

    /** The preset with a user's latent size, hidden width and blocks; a VAE has no depth, whitening or decoder kind. */
    @Override
    public VaeConfig adjusted(ArchitectureChoices choices) {
        choices.refuse("a VAE", "depth", "whitening", "decoder", "noiseSigma");
        return new VaeConfig(choices.latentOr(latent), choices.hiddenOr(hidden), choices.blocksOr(blocks));
    }

    @Override
    public Optional<VaeConfig> config() {
        return Optional.of(this);
    }

    @Override
    public String describe() {
        return "VAE with " + latent + " latents, " + ProjectionNetworks.describe(hidden, blocks);
    }
}
