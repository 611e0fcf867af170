package org.nice4j.model;

import ai.djl.Device;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Optional;

/**
 * The VDAE paper's linearised VDAE (§3, eqs. 7–8), as data: q(z | x) = N(f(x), σ²·J·Jᵀ) with J = ∂f/∂x, f the
 * residual-projection encoder onto {@code latent} dimensions, the mirrored decoder, a standard normal prior; Bernoulli
 * or Gaussian decoder as the data is. The same networks and widths as the VAE of {@link VaeConfig}, so the two differ
 * only in the posterior.
 *
 * @param latent     m, the number of latents (fewer than the data's coordinates)
 * @param hidden     H, the hidden width of every residual block
 * @param blocks     B, the residual blocks before each projection
 * @param noiseSigma σ fixed for good, or null to learn it
 */
@JsonIgnoreProperties(value = ArchitectureKind.KEY, allowGetters = true)
@JsonPropertyOrder({ArchitectureKind.KEY, "latent", "hidden", "blocks", "noiseSigma"})
public record LvdaeConfig(int latent, int hidden, int blocks, Double noiseSigma) implements DensityArchitecture {

    public LvdaeConfig {
        ProjectionNetworks.check("an L-VDAE", latent, hidden, blocks);
        NoiseScale.checkFixed(noiseSigma);
    }

    @JsonProperty(ArchitectureKind.KEY)
    String kind() {
        return ArchitectureKind.LVDAE.id();
    }

    @Override
    public LinearisedVdae create(Preprocessing preprocessing, Device device, long seed) {
        checkData(preprocessing);
        return LinearisedVdae.create(this, preprocessing, device, seed);
    }

    /** J·Jᵀ has full rank only for latents fewer than (or as many as) the data's coordinates. */
    @Override
    public void checkData(Preprocessing preprocessing) {
        ProjectionNetworks.checkFewerLatents(latent, preprocessing,
                "an L-VDAE's residual encoder needs fewer latents than");
    }

    @Override
    public LvdaeConfig adjusted(ArchitectureChoices choices) {
        choices.refuse("an L-VDAE", "depth", "whitening", "decoder");
        return new LvdaeConfig(choices.latentOr(latent), choices.hiddenOr(hidden), choices.blocksOr(blocks),
                choices.noiseSigmaOr(noiseSigma));
    }

    @Override
    public Optional<LvdaeConfig> config() {
        return Optional.of(this);
    }

    @Override
    public String describe() {
        return "L-VDAE with " + latent + " latents, posterior N(f(x), σ²JJᵀ) (σ "
                + (noiseSigma == null ? "learned" : "fixed at " + noiseSigma) + "), "
                + ProjectionNetworks.describe(hidden, blocks);
    }
}
