package org.nice4j.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nice4j.NiceException;
import org.nice4j.data.Condition;
import org.nice4j.engine.Devices;
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
public final class LinearisedVdae implements DensityModel, ImportanceSampler.Weights {
    private static final double LOG_TWO_PI = Math.log(2 * Math.PI);

    private final NDManager manager;
    private final LvdaeConfig config;
    private final Preprocessing preprocessing;
    private final ResidualProjectionNet encoder;
    private final ResidualProjectionNet decoder;
    private final NoiseScale noise;
    private final DecoderLikelihood likelihood;
    private final NormalPrior prior = new NormalPrior();

    private LinearisedVdae(NDManager manager, LvdaeConfig config, Preprocessing preprocessing, long seed) {
        this.manager = manager;
        this.config = config;
        this.preprocessing = preprocessing;
        SplittableRandom rng = new SplittableRandom(seed);
        this.encoder = ResidualProjectionNet.encoder(manager,
                ResidualProjectionNet.encoderWidths(preprocessing.dimension(), config.latent()), config.hidden(),
                config.blocks(), rng);
        this.decoder = encoder.mirroredDecoder(manager, config.hidden(), rng);
        this.noise = NoiseScale.create(manager, config.noiseSigma());
        this.likelihood = DecoderLikelihood.of(preprocessing, manager);
    }

    /** A freshly initialised L-VDAE for data preprocessed by {@code preprocessing}; the same seed, the same model. */
    public static LinearisedVdae create(LvdaeConfig config, Preprocessing preprocessing, Device device, long seed) {
        Devices.offline();
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            return new LinearisedVdae(manager, config, preprocessing, seed);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * q(z | x) for a batch: its mean f(x) (batch, m), the Jacobians J (batch, m, n) and the factorised C = J·Jᵀ, all on
     * the tape.
     */
    public record Posterior(NDArray mean, NDArray jacobian, JacobianGram gram) {}

    public Posterior posterior(NDArray x) {
        checkShape(x);
        ResidualProjectionNet.Linearized lin = encoder.linearize(x);
        return new Posterior(lin.value(), lin.jacobian(), JacobianGram.of(lin.jacobian()));
    }

    /**
     * One draw of the bound per example: log p(x | z) at z = f(x) + σ·J·ω, ω ~ N(0, I) from {@code seed}, minus
     * {@code klWeight} times the closed-form KL term.
     */
    public NDArray elbo(NDArray x, double klWeight, long seed) {
        Posterior q = posterior(x);
        int m = config.latent();
        NDArray omega = StandardNormals.of(x.getManager(), x.getShape(), seed);
        NDArray sigma = noise.sigma(x);
        NDArray z = q.mean().add(q.jacobian().matMul(omega.expandDims(2)).squeeze(2).mul(sigma));
        NDArray reconstruction = likelihood.logProb(x, decoder.apply(z));
        NDArray trace = q.jacobian().square().sum(new int[] {1, 2});
        NDArray kl = trace.mul(sigma.square()).add(q.mean().square().sum(new int[] {1})).sub(q.gram().logDet())
                .sub(noise.logSigmaTimes(x, 2 * m));
        return reconstruction.sub(Host.times(Host.plus(kl, -m), 0.5 * klWeight));
    }

    @Override
    public NDArray trainingObjective(NDArray x, Condition condition, double klWeight, long seed) {
        return elbo(x, klWeight, seed);
    }

    @Override
    public NDArray validationScore(NDArray x, long seed) {
        return elbo(x, 1, seed);
    }

    /**
     * The importance-sampled log p(x) ({@value DensityModel#LOG_LIKELIHOOD}, see {@link ImportanceSampler}), the bound
     * from the same draws ({@value VariationalAutoencoder#ELBO}) and K ({@value VariationalAutoencoder#IMPORTANCE_SAMPLES}).
     */
    @Override
    public Map<String, NDArray> scores(NDArray x, Condition condition, Scoring scoring) {
        checkShape(x);
        ImportanceSampler.Estimate estimate = ImportanceSampler.estimate(this, x, scoring);
        Shape batch = new Shape(x.getShape().get(0));
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put(LOG_LIKELIHOOD, Host.array(x.getManager(), estimate.logLikelihood(), batch));
        out.put(VariationalAutoencoder.ELBO, Host.array(x.getManager(), estimate.elbo(), batch));
        out.put(VariationalAutoencoder.IMPORTANCE_SAMPLES, x.getManager().full(batch, (float) scoring.importanceSamples()));
        return out;
    }

    /** The encoder once for f(x) and m times more for J's m rows, the decoder once per draw. */
    @Override
    public double scoringMultiplyAdds(Scoring scoring) {
        return (1.0 + config.latent()) * DensityModel.matrixWeights(encoder.parameters())
                + (double) scoring.importanceSamples() * DensityModel.matrixWeights(decoder.parameters());
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
        long examples = noise.getShape().get(0);
        long count = noise.getShape().get(1);
        int m = config.latent();
        Posterior q = posterior(x);
        NDArray u = noise.matMul(q.jacobian().transpose(0, 2, 1));
        NDArray z = q.mean().expandDims(1).add(u.mul(this.noise.sigma(x)));
        NDArray output = decoder.apply(z.reshape(examples * count, m)).reshape(examples, count, dimension());
        NDArray logJoint = likelihood.logProb(x.expandDims(1), output).add(standardNormal(z));
        NDArray logPosterior = Host.times(Host.plus(q.gram().mahalanobis(u), m * LOG_TWO_PI)
                .add(q.gram().logDet().expandDims(1)).add(this.noise.logSigmaTimes(x, 2 * m)), -0.5);
        return logJoint.sub(logPosterior);
    }

    /** log N(v; 0, I) summed over the last axis. */
    private static NDArray standardNormal(NDArray v) {
        long d = v.getShape().get(v.getShape().dimension() - 1);
        return Host.plus(Host.times(v.square().sum(new int[] {-1}), -0.5), -0.5 * d * LOG_TWO_PI);
    }

    /** Decoded means of z ~ N(0, temperature²·I). */
    @Override
    public NDArray sample(NDManager scope, int n, double temperature, long seed, Condition condition) {
        NDArray z = prior.sample(scope, n, config.latent(), temperature, new SplittableRandom(seed), condition);
        return likelihood.mean(decoder.apply(z));
    }

    /** The decoded mean of the posterior mean: E[x | z = f(x)]. */
    @Override
    public NDArray reconstruct(NDArray x) {
        checkShape(x);
        return likelihood.mean(decoder.apply(encoder.apply(x)));
    }

    /** σ's current value. */
    public double noiseSigma() {
        return noise.value();
    }

    /** "encoder.k…", "decoder.k…", "noise.log_sigma" when σ is learned, "decoder.log_sigma" for a Gaussian decoder. */
    @Override
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> all = new LinkedHashMap<>();
        encoder.parameters().forEach((name, a) -> all.put("encoder." + name, a));
        decoder.parameters().forEach((name, a) -> all.put("decoder." + name, a));
        likelihood.parameters().forEach((name, a) -> all.put("decoder." + name, a));
        noise.parameters().forEach((name, a) -> all.put("noise." + name, a));
        return all;
    }

    @Override
    public Map<String, NDArray> tensors() {
        return parameters();
    }

    @Override
    public String describe() {
        return config.describe() + ", " + likelihood.describe();
    }

    @Override
    public LvdaeConfig architecture() {
        return config;
    }

    @Override
    public Preprocessing preprocessing() {
        return preprocessing;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }

    private void checkShape(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 2 || s.get(1) != dimension()) {
            throw new NiceException("expected a batch of shape (n, " + dimension() + "), got " + s);
        }
    }
}
