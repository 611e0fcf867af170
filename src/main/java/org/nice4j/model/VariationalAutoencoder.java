package org.nice4j.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nice4j.NiceException;
import org.nice4j.data.Condition;
import org.nice4j.engine.Devices;
import org.nice4j.engine.Host;
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
public final class VariationalAutoencoder implements DensityModel, ImportanceSampler.Weights {
    /** The key of the evidence lower bound in {@link #scores}. */
    public static final String ELBO = "elbo_nats";
    /** The key of K, the number of importance samples behind {@value DensityModel#LOG_LIKELIHOOD}. */
    public static final String IMPORTANCE_SAMPLES = "importance_samples";
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private final NDManager manager;
    private final VaeConfig config;
    private final Preprocessing preprocessing;
    private final ResidualProjectionNet encoder;
    private final ResidualProjectionNet decoder;
    private final DecoderLikelihood likelihood;
    private final NormalPrior prior = new NormalPrior();

    private VariationalAutoencoder(NDManager manager, VaeConfig config, Preprocessing preprocessing, long seed) {
        this.manager = manager;
        this.config = config;
        this.preprocessing = preprocessing;
        int n = preprocessing.dimension();
        int m = config.latent();
        SplittableRandom rng = new SplittableRandom(seed);
        int[] toLatents = ResidualProjectionNet.encoderWidths(n, m);
        int[] toPosterior = toLatents.clone();
        toPosterior[toPosterior.length - 1] = 2 * m;
        this.encoder = ResidualProjectionNet.encoder(manager, toPosterior, config.hidden(), config.blocks(), rng);
        try (NDManager scratch = manager.newSubManager()) {
            this.decoder = ResidualProjectionNet.encoder(scratch, toLatents, config.hidden(), config.blocks(), rng)
                    .mirroredDecoder(manager, config.hidden(), rng);
        }
        this.likelihood = DecoderLikelihood.of(preprocessing, manager);
    }

    /** A freshly initialised VAE for data preprocessed by {@code preprocessing}; the same seed, the same model. */
    public static VariationalAutoencoder create(VaeConfig config, Preprocessing preprocessing, Device device,
            long seed) {
        Devices.offline();
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            return new VariationalAutoencoder(manager, config, preprocessing, seed);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
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
        checkShape(x);
        NDList parts = encoder.apply(x).split(new long[] {config.latent()}, 1);
        return new Posterior(parts.get(0), parts.get(1));
    }

    /**
     * One draw of the evidence lower bound per example: log p(x | z) at z = μ + σ·ε, ε ~ N(0, I) from {@code seed},
     * minus {@code klWeight} times the closed-form KL term.
     */
    public NDArray elbo(NDArray x, double klWeight, long seed) {
        Posterior q = posterior(x);
        NDArray eps = StandardNormals.of(x.getManager(), new Shape(x.getShape().get(0), config.latent()), seed);
        NDArray z = eps.mul(q.std()).add(q.mean());
        return likelihood.logProb(x, decoder.apply(z)).sub(q.kl().mul(klWeight));
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
     * The importance-sampled log p(x) ({@value DensityModel#LOG_LIKELIHOOD}, see {@link ImportanceSampler}), the
     * evidence lower bound estimated from the same K draws as the mean of their log-weights ({@value #ELBO}), so that
     * the estimate is never below it, and K ({@value #IMPORTANCE_SAMPLES}).
     */
    @Override
    public Map<String, NDArray> scores(NDArray x, Condition condition, Scoring scoring) {
        checkShape(x);
        ImportanceSampler.Estimate estimate = ImportanceSampler.estimate(this, x, scoring);
        Shape batch = new Shape(x.getShape().get(0));
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put(LOG_LIKELIHOOD, Host.array(x.getManager(), estimate.logLikelihood(), batch));
        out.put(ELBO, Host.array(x.getManager(), estimate.elbo(), batch));
        out.put(IMPORTANCE_SAMPLES, x.getManager().full(batch, (float) scoring.importanceSamples()));
        return out;
    }

    @Override
    public double scoringMultiplyAdds(Scoring scoring) {
        return DensityModel.matrixWeights(encoder.parameters())
                + (double) scoring.importanceSamples() * DensityModel.matrixWeights(decoder.parameters());
    }

    @Override
    public int noiseDimension() {
        return config.latent();
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
        Shape s = noise.getShape();
        NDArray output = decoder.apply(z.reshape(s.get(0) * s.get(1), s.get(2))).reshape(s.get(0), s.get(1),
                dimension());
        NDArray logJoint = likelihood.logProb(x.expandDims(1), output).add(standardNormalLogDensity(z));
        NDArray logPosterior = standardNormalLogDensity(noise).sub(logVariance.sum(new int[] {-1}).mul(0.5));
        return logJoint.sub(logPosterior);
    }

    /** log N(v; 0, I) summed over the last axis. */
    private static NDArray standardNormalLogDensity(NDArray v) {
        long d = v.getShape().get(v.getShape().dimension() - 1);
        return v.square().sum(new int[] {-1}).mul(-0.5).sub(HALF_LOG_TWO_PI * d);
    }

    /** Decoded means of z ~ N(0, temperature² I). */
    @Override
    public NDArray sample(NDManager scope, int n, double temperature, long seed, Condition condition) {
        NDArray z = prior.sample(scope, n, config.latent(), temperature, new SplittableRandom(seed), condition);
        return likelihood.mean(decoder.apply(z));
    }

    /** The decoded mean of the posterior mean: E[x | z = μ(x)]. */
    @Override
    public NDArray reconstruct(NDArray x) {
        return likelihood.mean(decoder.apply(posterior(x).mean()));
    }

    /** "encoder.k…" and "decoder.k…" for the networks' layers, "decoder.log_sigma" for a Gaussian decoder's scale. */
    @Override
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> all = new LinkedHashMap<>();
        encoder.parameters().forEach((name, a) -> all.put("encoder." + name, a));
        decoder.parameters().forEach((name, a) -> all.put("decoder." + name, a));
        likelihood.parameters().forEach((name, a) -> all.put("decoder." + name, a));
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
    public VaeConfig architecture() {
        return config;
    }

    @Override
    public Preprocessing preprocessing() {
        return preprocessing;
    }

    public DecoderLikelihood likelihood() {
        return likelihood;
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
