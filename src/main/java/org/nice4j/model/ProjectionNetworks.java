package org.nice4j.model;

import org.nice4j.InvalidSettingException;

/**
 * The settings the VAE and the L-VDAE share (see {@link VaeConfig}, {@link LvdaeConfig}): m latents reached by a
 * residual-projection encoder and left by its mirrored decoder, both of hidden width H with B blocks per projection.
 */
final class ProjectionNetworks {
    private ProjectionNetworks() {}

    /** Fails for the first setting out of range; {@code model} names the model with its article ("a VAE"). */
    static void check(String model, int latent, int hidden, int blocks) {
        if (latent < 1) {
            throw new InvalidSettingException("latent", model + " needs at least 1 latent dimension, got " + latent);
        }
        if (hidden < 1) {
            throw new InvalidSettingException("hidden", "the residual blocks' hidden width must be at least 1, got "
                    + hidden);
        }
        if (blocks < 0) {
            throw new InvalidSettingException("blocks", "the residual blocks per projection must be >= 0, got "
                    + blocks);
        }
    }

    /**
     * Fails unless the latents are fewer than {@code preprocessing}'s coordinates; {@code need} says why, in words that
     * go on with "the data's … dimensions".
     */
    static void checkFewerLatents(int latent, Preprocessing preprocessing, String need) {
        if (latent >= preprocessing.dimension()) {
            throw new InvalidSettingException("latent", need + " the data's " + preprocessing.dimension()
                    + " dimensions, got " + latent);
        }
    }

    /** The two networks and the prior, in words. */
    static String describe(int hidden, int blocks) {
        return "residual-projection encoder and decoder (hidden " + hidden + ", " + blocks + " block"
                + (blocks == 1 ? "" : "s") + " per projection), standard normal prior";
    }
}
