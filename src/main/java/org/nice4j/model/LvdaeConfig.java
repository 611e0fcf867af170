package org.nice4j.model;

import ai.djl.Device;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Optional;
import org.nice4j.InvalidSettingException;

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
        if (latent < 1) {
            throw new InvalidSettingException("latent", "an L-VDAE needs at least 1 latent dimension, got " + latent);
        }
        if (hidden < 1) {
            throw new InvalidSettingException("hidden", "the residual blocks' hidden width must be at least 1, got "
                    + hidden);
        }
        if (blocks < 0) {
            throw new InvalidSettingException("blocks", "the residual blocks per projection must be >= 0, got "
                    + blocks);
        }
        if (noiseSigma != null && !(noiseSigma > 0 && Double.isFinite(noiseSigma))) {
            throw new InvalidSettingException("noiseSigma", "the noise scale must be a positive number, got "
                    + noiseSigma);
        }
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
        if (latent >= preprocessing.dimension()) {
            throw new InvalidSettingException("latent", "an L-VDAE's residual encoder needs fewer latents than the"
                    + " data's " + preprocessing.dimension() + " dimensions, got " + latent);
        }
    }

    @Override
    public LvdaeConfig adjusted(ArchitectureChoices choices) {
        choices.refuse("an L-VDAE", "depth", "whitening", "decoder");
        return new LvdaeConfig(choices.latent() != null ? choices.latent() : latent,
                choices.hidden() != null ? choices.hidden() : hidden,
                choices.blocks() != null ? choices.blocks() : blocks,
                choices.noiseSigma() != null ? choices.noiseSigma() : noiseSigma);
    }

    @Override
    public Optional<LvdaeConfig> config() {
        return Optional.of(this);
    }

    @Override
    public String describe() {
        return "L-VDAE with " + latent + " latents, posterior N(f(x), σ²JJᵀ) (σ "
                + (noiseSigma == null ? "learned" : "fixed at " + noiseSigma) + "), residual-projection encoder and"
                + " decoder (hidden " + hidden + ", " + blocks + " block" + (blocks == 1 ? "" : "s")
                + " per projection), standard normal prior";
    }
}
