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
import org.nice4j.nn.ResidualProjectionNet;
import org.nice4j.prior.Prior;
import org.nice4j.transform.Composite;
import org.nice4j.transform.PushedForward;
import org.nice4j.transform.Transformed;

/**
 * The VDAE (paper §2): ε ~ q(ε) = N(0, σ²I), x̃ = x + ε, z = f(x̃) with f a flow, and the bound (eq. 5)
 * H[q(ε)] + E_ε[log p(z) + log|det ∂f/∂x̃| + log p(x | z)], the entropy H[q(ε)] = n/2·log(2πe) + n·log σ in closed form.
 * Because z is a one-to-one function of ε given x, q(z | x) = q(ε) / |det ∂f/∂x̃|, which is what importance sampling
 * divides by.
 *
 * <p>The coupled decoder p(x | z) = N(f⁻¹(z), σ²I) makes the bound a flow's likelihood of the noisy data on average
 * (appendix A); it is computed here through the flow's actual inverse, not simplified, so that a test can hold it to
 * that identity. The decoupled decoder is a residual network of its own, Bernoulli or Gaussian as the data is.
 *
 * <p>With the {@link VdaePosterior#LINEARISED} posterior this is the L-VDAE with a flow encoder (m = n, eq. 7):
 * z = f(x) + σ·J·ω, pushed through the flow as a tangent, and q(z | x) = N(f(x), σ²JJᵀ), whose log-density at the draw
 * is again log q(ε) − log|det J|, now with J at x (log det(σ²JJᵀ) = 2n·log σ + 2·log|det J|, the quadratic form |ω|²).
 */
public final class VariationalDenoisingAutoencoder implements DensityModel, ImportanceSampler.Weights {
    private static final double LOG_TWO_PI = Math.log(2 * Math.PI);

    private final NDManager manager;
    private final VdaeConfig config;
    private final Preprocessing preprocessing;
    private final Composite encoder;
    private final Prior prior;
    private final NoiseScale noise;
    private final ResidualProjectionNet decoder;
    private final DecoderLikelihood likelihood;

    private VariationalDenoisingAutoencoder(NDManager manager, VdaeConfig config, Preprocessing preprocessing,
            long seed) {
        this.manager = manager;
        this.config = config;
        this.preprocessing = preprocessing;
        int n = preprocessing.dimension();
        SplittableRandom rng = new SplittableRandom(seed);
        this.encoder = new Composite(config.encoder().transforms(manager, n, rng));
        this.prior = config.encoder().prior(manager, n);
        this.noise = NoiseScale.create(manager, config.noiseSigma());
        boolean coupled = config.decoder() == VdaeDecoder.COUPLED;
        this.decoder = coupled ? null : ResidualProjectionNet.residual(manager, n, config.hidden(), config.blocks(), rng);
        this.likelihood = coupled ? null : DecoderLikelihood.of(preprocessing, manager);
    }

    /** A freshly initialised VDAE for data preprocessed by {@code preprocessing}; the same seed, the same model. */
    public static VariationalDenoisingAutoencoder create(VdaeConfig config, Preprocessing preprocessing, Device device,
            long seed) {
        Devices.offline();
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            return new VariationalDenoisingAutoencoder(manager, config, preprocessing, seed);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * The terms of one draw ε = σ·ω per row of {@code x} (rows, n), each (rows).
     *
     * @param reconstruction log p(x | z)
     * @param latent         log p(z) + log|det J| (J = ∂f/∂x̃ for the noisy posterior, ∂f/∂x for the linearised one:
     *                        −log|det J| turns q(ε) into q(z | x) either way)
     * @param noiseLogDensity log q(ε) at the draw
     */
    record Draw(NDArray reconstruction, NDArray latent, NDArray noiseLogDensity) {}

    Draw draw(NDArray x, NDArray omega) {
        int n = dimension();
        NDArray sigma = noise.sigma(x);
        NDArray z;
        NDArray logDet;
        if (config.posterior() == VdaePosterior.NOISY) {
            Transformed t = encoder.forward(x.add(omega.mul(sigma)));
            z = t.value();
            logDet = t.logDet();
        } else {
            PushedForward p = encoder.pushForward(x, omega.mul(sigma));
            z = p.value().add(p.tangent());
            logDet = p.logDet();
        }
        NDArray latent = prior.logProb(z, Condition.NONE).add(logDet);
        NDArray reconstruction = likelihood == null
                ? gaussian(x, encoder.inverse(z).value(), sigma)
                : likelihood.logProb(x, decoder.apply(z));
        NDArray noiseLogDensity = Host.plus(Host.times(omega.square().sum(new int[] {-1}), -0.5), -0.5 * n * LOG_TWO_PI)
                .sub(noise.logSigmaTimes(x, n));
        return new Draw(reconstruction, latent, noiseLogDensity);
    }

    /** log N(x; mean, σ²I) summed over the last axis. */
    private NDArray gaussian(NDArray x, NDArray mean, NDArray sigma) {
        int n = dimension();
        NDArray squares = Host.times(x.sub(mean).div(sigma).square().sum(new int[] {-1}), -0.5);
        return Host.plus(squares, -0.5 * n * LOG_TWO_PI).sub(noise.logSigmaTimes(x, n));
    }

    /**
     * One draw of the bound per example, the KL part (log p(z) + log|det| + H[q(ε)]) weighted by {@code klWeight}, the
     * noise drawn from {@code seed}.
     */
    public NDArray elbo(NDArray x, double klWeight, long seed) {
        checkShape(x);
        int n = dimension();
        Draw d = draw(x, StandardNormals.of(x.getManager(), x.getShape(), seed));
        NDArray entropy = Host.plus(noise.logSigmaTimes(x, n), 0.5 * n * (LOG_TWO_PI + 1));
        return d.reconstruction().add(Host.times(d.latent().add(entropy), klWeight));
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

    /**
     * Every draw passes the whole flow (twice for the linearised posterior's tangent, or for the coupled decoder's
     * inverse) and the decoder.
     */
    @Override
    public double scoringMultiplyAdds(Scoring scoring) {
        double flow = DensityModel.matrixWeights(encoder.parameters());
        double perDraw = flow * (config.posterior() == VdaePosterior.LINEARISED ? 2 : 1)
                + (decoder == null ? flow : DensityModel.matrixWeights(decoder.parameters()));
        return scoring.importanceSamples() * perDraw;
    }

    /** One draw is n-dimensional noise ω, ε = σ·ω. */
    @Override
    public int noiseDimension() {
        return dimension();
    }

    /** log p(x | z) + log p(z) + log|det J| − log q(ε) = log p(x, z) − log q(z | x). */
    @Override
    public NDArray logWeights(NDArray x, NDArray noise) {
        long examples = noise.getShape().get(0);
        long count = noise.getShape().get(1);
        int n = dimension();
        NDArray rows = x.expandDims(1).broadcast(new Shape(examples, count, n)).reshape(examples * count, n);
        Draw d = draw(rows, noise.reshape(examples * count, n));
        return d.reconstruction().add(d.latent()).sub(d.noiseLogDensity()).reshape(examples, count);
    }

    /** Decodes z ~ p(z) at {@code temperature}: f⁻¹(z) for the coupled decoder, the decoder's mean otherwise. */
    @Override
    public NDArray sample(NDManager scope, int n, double temperature, long seed, Condition condition) {
        return decode(prior.sample(scope, n, dimension(), temperature, new SplittableRandom(seed), condition));
    }

    /** The decoded code of the noise-free input: the mean of q(z | x) at σ → 0. */
    @Override
    public NDArray reconstruct(NDArray x) {
        checkShape(x);
        return decode(encoder.forward(x).value());
    }

    private NDArray decode(NDArray z) {
        return likelihood == null ? encoder.inverse(z).value() : likelihood.mean(decoder.apply(z));
    }

    /** σ's current value. */
    public double noiseSigma() {
        return noise.value();
    }

    /** "encoder.…" for the flow, "prior.…", "noise.log_sigma" when σ is learned, "decoder.…" when decoupled. */
    @Override
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> all = new LinkedHashMap<>();
        encoder.parameters().forEach((name, a) -> all.put("encoder." + name, a));
        prior.parameters().forEach((name, a) -> all.put("prior." + name, a));
        noise.parameters().forEach((name, a) -> all.put("noise." + name, a));
        if (decoder != null) {
            decoder.parameters().forEach((name, a) -> all.put("decoder." + name, a));
            likelihood.parameters().forEach((name, a) -> all.put("decoder." + name, a));
        }
        return all;
    }

    @Override
    public Map<String, NDArray> tensors() {
        Map<String, NDArray> all = parameters();
        encoder.statistics().forEach((name, a) -> all.put("encoder." + name, a));
        prior.statistics().forEach((name, a) -> all.put("prior." + name, a));
        return all;
    }

    @Override
    public String describe() {
        return config.describe();
    }

    @Override
    public VdaeConfig architecture() {
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
