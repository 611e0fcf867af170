package org.nice4j.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nice4j.data.Condition;
import org.nice4j.nn.ResidualProjectionNet;
import org.nice4j.prior.NormalPrior;

/**
 * The VDAE paper's vanilla VAE (eq. 2): q(z | x) = N(μ(x), diag σ²(x)) from a residual-projection encoder, z drawn by
 * the reparameterisation z = μ + σ·ε, p(z) = N(0, I), and p(x | z) from the mirrored decoder through a
 * {@link DecoderLikelihood}. Trained on the evidence lower bound E_q[log p(x | z)] − β·KL(q ‖ p) with the KL term in
 * closed form; scored by importance sampling, log p(x) ≈ log (1/K) Σ_k p(x, z_k)/q(z_k | x), z_k ~ q(z | x).
 *
 * <p>The encoder narrows D → 8m → 4m → 2m (each capped at D) and ends in one 2m → 2m projection whose first m outputs
 * are the means and last m the log-variances: the paper's two parallel projections stacked. The decoder mirrors an
 * encoder of the same widths ending in m (appendix C: its projections start as transposes of orthonormal ones).
 */
public final class VariationalAutoencoder extends LatentVariableModel<VaeConfig> {
    private final ResidualProjectionNet encoder;
    private final ResidualDecoder decoder;
    private final NormalPrior prior = new NormalPrior();

    private VariationalAutoencoder(NDManager manager, VaeConfig config, Preprocessing preprocessing, long seed) {
        super(manager, config, preprocessing);
        int n = preprocessing.dimension();
        int m = config.latent();
        SplittableRandom rng = new SplittableRandom(seed);
        int[] toLatents = ResidualProjectionNet.encoderWidths(n, m);
        int[] toPosterior = toLatents.clone();
        toPosterior[toPosterior.length - 1] = 2 * m;
        this.encoder = ResidualProjectionNet.encoder(manager, toPosterior, config.hidden(), config.blocks(), rng);
        try (NDManager scratch = manager.newSubManager()) {
            this.decoder = new ResidualDecoder(
                    ResidualProjectionNet.encoder(scratch, toLatents, config.hidden(), config.blocks(), rng)
                            .mirroredDecoder(manager, config.hidden(), rng),
                    DecoderLikelihood.of(preprocessing, manager));
        }
    }

    /** A freshly initialised VAE for data preprocessed by {@code preprocessing}; the same seed, the same model. */
    public static VariationalAutoencoder create(VaeConfig config, Preprocessing preprocessing, Device device,
            long seed) {
        return BaseManagers.build(device, manager -> new VariationalAutoencoder(manager, config, preprocessing, seed));
    }

    /** The diagonal Gaussian q(z | x): its means and log-variances, each (batch, m). */
    public record Posterior(NDArray mean, NDArray logVariance) {
        NDArray std() {
            return logVariance.mul(0.5).exp();
        }

        /** KL(q ‖ N(0, I)) per example, in closed form: ½ Σ (μ² + σ² − 1 − log σ²). */
        NDArray kl() {
            return mean.square().add(logVariance.exp()).sub(1).sub(logVariance).sum(new int[] {1}).mul(0.5);
        }
    }

    public Posterior posterior(NDArray x) {
        checkBatch(x);
        NDList parts = encoder.apply(x).split(new long[] {architecture().latent()}, 1);
        return new Posterior(parts.get(0), parts.get(1));
    }

    /**
     * One draw of the evidence lower bound per example: log p(x | z) at z = μ + σ·ε, ε ~ N(0, I) from {@code seed},
     * minus {@code klWeight} times the closed-form KL term.
     */
    @Override
    public NDArray elbo(NDArray x, double klWeight, long seed) {
        Posterior q = posterior(x);
        NDArray eps = StandardNormals.of(x.getManager(), new Shape(x.getShape().get(0), architecture().latent()),
                seed);
        NDArray z = eps.mul(q.std()).add(q.mean());
        return decoder.logProb(x, z).sub(q.kl().mul(klWeight));
    }

    @Override
    public double scoringMultiplyAdds(Scoring scoring) {
        return DensityModel.matrixWeights(encoder.parameters())
                + (double) scoring.importanceSamples() * decoder.multiplyAdds();
    }

    @Override
    public int noiseDimension() {
        return architecture().latent();
    }

    /**
     * log p(x | z) + log p(z) − log q(z | x) at z = μ + σ·ε for the noise ε (examples, count, m), where
     * log q(z | x) = log N(ε; 0, I) − ½ Σ log σ² by the change of variables ε → z.
     */
    @Override
    public NDArray logWeights(NDArray x, NDArray noise) {
        Posterior q = posterior(x);
        NDArray mean = q.mean().expandDims(1);
        NDArray logVariance = q.logVariance().expandDims(1);
        NDArray z = noise.mul(logVariance.mul(0.5).exp()).add(mean);
        NDArray logJoint = decoder.logProbOfDraws(x, z).add(standardNormalLogDensity(z));
        NDArray logPosterior = standardNormalLogDensity(noise).sub(logVariance.sum(new int[] {-1}).mul(0.5));
        return logJoint.sub(logPosterior);
    }

    /** Decoded means of z ~ N(0, temperature² I). */
    @Override
    public NDArray sample(NDManager scope, int n, double temperature, long seed, Condition condition) {
        return decoder.mean(prior.sample(scope, n, architecture().latent(), temperature, new SplittableRandom(seed),
                condition));
    }

    /** The decoded mean of the posterior mean: E[x | z = μ(x)]. */
    @Override
    public NDArray reconstruct(NDArray x) {
        return decoder.mean(posterior(x).mean());
    }

    /** "encoder.k…" and "decoder.k…" for the networks' layers, "decoder.log_sigma" for a Gaussian decoder's scale. */
    @Override
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> all = new LinkedHashMap<>();
        putPart(all, "encoder", encoder.parameters());
        putPart(all, "decoder", decoder.parameters());
        return all;
    }

    @Override
    public String describe() {
        return architecture().describe() + ", " + decoder.likelihood().describe();
    }

    public DecoderLikelihood likelihood() {
        return decoder.likelihood();
    }
}
