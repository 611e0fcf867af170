package org.nice4j.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nice4j.data.Condition;
import org.nice4j.engine.Host;
import org.nice4j.nn.JacobianGram;
import org.nice4j.nn.ResidualProjectionNet;
import org.nice4j.prior.NormalPrior;

/**
 * The L-VDAE (paper §3): the VDAE's posterior linearised around ε = 0, q(z | x) = N(f(x), σ²·C) with C = J·Jᵀ and
 * J = ∂f/∂x (eq. 7), which lets f be any network, here the residual-projection encoder onto m < n latents. Samples are
 * z = f(x) + σ·J·ω with ω ~ N(0, I_n) (§3.2), which has exactly that covariance; J comes from
 * {@link ResidualProjectionNet#linearize} and log det C from {@link JacobianGram}'s host factorisation.
 *
 * <p>Against the standard normal prior the KL term is in closed form:
 * KL = ½·(σ²·tr C + |f(x)|² − m − m·log σ² − log det C). Its entropy part is eq. 8's
 * H = ½·(m·log 2π + m + log det(σ²C)); eq. 8 writes log det C and leaves out the m·log σ² that σ² contributes, which
 * matters here because σ is learned.
 */
public final class LinearisedVdae extends LatentVariableModel<LvdaeConfig> {
    private final ResidualProjectionNet encoder;
    private final ResidualDecoder decoder;
    private final NoiseScale noise;
    private final NormalPrior prior = new NormalPrior();

    private LinearisedVdae(NDManager manager, LvdaeConfig config, Preprocessing preprocessing, long seed) {
        super(manager, config, preprocessing);
        SplittableRandom rng = new SplittableRandom(seed);
        this.encoder = ResidualProjectionNet.encoder(manager,
                ResidualProjectionNet.encoderWidths(preprocessing.dimension(), config.latent()), config.hidden(),
                config.blocks(), rng);
        this.decoder = new ResidualDecoder(encoder.mirroredDecoder(manager, config.hidden(), rng),
                DecoderLikelihood.of(preprocessing, manager));
        this.noise = NoiseScale.create(manager, config.noiseSigma());
    }

    /** A freshly initialised L-VDAE for data preprocessed by {@code preprocessing}; the same seed, the same model. */
    public static LinearisedVdae create(LvdaeConfig config, Preprocessing preprocessing, Device device, long seed) {
        return BaseManagers.build(device, manager -> new LinearisedVdae(manager, config, preprocessing, seed));
    }

    /**
     * q(z | x) for a batch: its mean f(x) (batch, m), the Jacobians J (batch, m, n) and the factorised C = J·Jᵀ, all on
     * the tape.
     */
    public record Posterior(NDArray mean, NDArray jacobian, JacobianGram gram) {}

    public Posterior posterior(NDArray x) {
        checkBatch(x);
        ResidualProjectionNet.Linearized lin = encoder.linearize(x);
        return new Posterior(lin.value(), lin.jacobian(), JacobianGram.of(lin.jacobian()));
    }

    /**
     * One draw of the bound per example: log p(x | z) at z = f(x) + σ·J·ω, ω ~ N(0, I) from {@code seed}, minus
     * {@code klWeight} times the closed-form KL term.
     */
    @Override
    public NDArray elbo(NDArray x, double klWeight, long seed) {
        Posterior q = posterior(x);
        int m = architecture().latent();
        NDArray omega = StandardNormals.of(x.getManager(), x.getShape(), seed);
        NDArray sigma = noise.sigma(x);
        NDArray z = q.mean().add(q.jacobian().matMul(omega.expandDims(2)).squeeze(2).mul(sigma));
        NDArray reconstruction = decoder.logProb(x, z);
        NDArray trace = q.jacobian().square().sum(new int[] {1, 2});
        NDArray kl = trace.mul(sigma.square()).add(q.mean().square().sum(new int[] {1})).sub(q.gram().logDet())
                .sub(noise.logSigmaTimes(x, 2 * m));
        return reconstruction.sub(Host.times(Host.plus(kl, -m), 0.5 * klWeight));
    }

    /** The encoder once for f(x) and m times more for J's m rows, the decoder once per draw. */
    @Override
    public double scoringMultiplyAdds(Scoring scoring) {
        return (1.0 + architecture().latent()) * DensityModel.matrixWeights(encoder.parameters())
                + (double) scoring.importanceSamples() * decoder.multiplyAdds();
    }

    /** One draw is n-dimensional noise ω, z = f(x) + σ·J·ω. */
    @Override
    public int noiseDimension() {
        return dimension();
    }

    /**
     * log p(x | z) + log p(z) − log q(z | x) with z = f(x) + σ·u, u = J·ω, and
     * log q(z | x) = −½·(m·log 2π + m·log σ² + log det C + uᵀC⁻¹u); J and C once per example for all its draws.
     */
    @Override
    public NDArray logWeights(NDArray x, NDArray noise) {
        int m = architecture().latent();
        Posterior q = posterior(x);
        NDArray u = noise.matMul(q.jacobian().transpose(0, 2, 1));
        NDArray z = q.mean().expandDims(1).add(u.mul(this.noise.sigma(x)));
        NDArray logJoint = decoder.logProbOfDraws(x, z).add(standardNormalLogDensity(z));
        NDArray logPosterior = Host.times(Host.plus(q.gram().mahalanobis(u), m * LOG_TWO_PI)
                .add(q.gram().logDet().expandDims(1)).add(this.noise.logSigmaTimes(x, 2 * m)), -0.5);
        return logJoint.sub(logPosterior);
    }

    /** Decoded means of z ~ N(0, temperature²·I). */
    @Override
    public NDArray sample(NDManager scope, int n, double temperature, long seed, Condition condition) {
        return decoder.mean(prior.sample(scope, n, architecture().latent(), temperature, new SplittableRandom(seed),
                condition));
    }

    /** The decoded mean of the posterior mean: E[x | z = f(x)]. */
    @Override
    public NDArray reconstruct(NDArray x) {
        checkBatch(x);
        return decoder.mean(encoder.apply(x));
    }

    /** σ's current value. */
    public double noiseSigma() {
        return noise.value();
    }

    /** "encoder.k…", "decoder.k…", "decoder.log_sigma" for a Gaussian decoder, "noise.log_sigma" when σ is learned. */
    @Override
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> all = new LinkedHashMap<>();
        putPart(all, "encoder", encoder.parameters());
        putPart(all, "decoder", decoder.parameters());
        putPart(all, "noise", noise.parameters());
        return all;
    }

    @Override
    public String describe() {
        return architecture().describe() + ", " + decoder.likelihood().describe();
    }
}
