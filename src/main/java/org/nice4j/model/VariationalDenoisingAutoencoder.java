package org.nice4j.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nice4j.data.Condition;
import org.nice4j.engine.Host;
import org.nice4j.nn.ResidualProjectionNet;
import org.nice4j.prior.Prior;
import org.nice4j.transform.Composite;
import org.nice4j.transform.PushedForward;
import org.nice4j.transform.Transformed;

/**
 * The VDAE (paper §2): ε ~ q(ε) = N(0, σ²I), x̃ = x + ε, z = f(x̃) with f a flow, and the bound (eq. 5)
 * H[q(ε)] + E_ε[log p(z) + log|det ∂f/∂x̃| + log p(x | z)], the entropy H[q(ε)] = n/2·log(2πe) + n·log σ in closed
 * form. Because z is a one-to-one function of ε given x, q(z | x) = q(ε) / |det ∂f/∂x̃|, which is what importance
 * sampling divides by.
 *
 * <p>The coupled decoder p(x | z) = N(f⁻¹(z), σ²I) makes the bound a flow's likelihood of the noisy data on average
 * (appendix A); it is computed here through the flow's actual inverse, not simplified, so that a test can hold it to
 * that identity. The decoupled decoder is a residual network of its own, Bernoulli or Gaussian as the data is.
 *
 * <p>With the {@link VdaePosterior#LINEARISED} posterior this is the L-VDAE with a flow encoder (m = n, eq. 7):
 * z = f(x) + σ·J·ω, pushed through the flow as a tangent, and q(z | x) = N(f(x), σ²JJᵀ), whose log-density at the draw
 * is again log q(ε) − log|det J|, now with J at x (log det(σ²JJᵀ) = 2n·log σ + 2·log|det J|, the quadratic form |ω|²).
 */
public final class VariationalDenoisingAutoencoder extends LatentVariableModel<VdaeConfig> {
    private final Composite encoder;
    private final Prior prior;
    private final NoiseScale noise;
    private final ResidualDecoder decoder;

    private VariationalDenoisingAutoencoder(NDManager manager, VdaeConfig config, Preprocessing preprocessing,
            long seed) {
        super(manager, config, preprocessing);
        int n = preprocessing.dimension();
        SplittableRandom rng = new SplittableRandom(seed);
        this.encoder = new Composite(config.encoder().transforms(manager, n, rng));
        this.prior = config.encoder().prior(manager, n);
        this.noise = NoiseScale.create(manager, config.noiseSigma());
        this.decoder = config.decoder() == VdaeDecoder.COUPLED ? null : new ResidualDecoder(
                ResidualProjectionNet.residual(manager, n, config.hidden(), config.blocks(), rng),
                DecoderLikelihood.of(preprocessing, manager));
    }

    /** A freshly initialised VDAE for data preprocessed by {@code preprocessing}; the same seed, the same model. */
    public static VariationalDenoisingAutoencoder create(VdaeConfig config, Preprocessing preprocessing, Device device,
            long seed) {
        return BaseManagers.build(device,
                manager -> new VariationalDenoisingAutoencoder(manager, config, preprocessing, seed));
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
        if (architecture().posterior() == VdaePosterior.NOISY) {
            Transformed t = encoder.forward(x.add(omega.mul(sigma)));
            z = t.value();
            logDet = t.logDet();
        } else {
            PushedForward p = encoder.pushForward(x, omega.mul(sigma));
            z = p.value().add(p.tangent());
            logDet = p.logDet();
        }
        NDArray latent = prior.logProb(z, Condition.NONE).add(logDet);
        NDArray reconstruction = decoder == null
                ? gaussian(x, encoder.inverse(z).value(), sigma)
                : decoder.logProb(x, z);
        NDArray noiseLogDensity = standardNormalLogDensity(omega).sub(noise.logSigmaTimes(x, n));
        return new Draw(reconstruction, latent, noiseLogDensity);
    }

    /** log N(x; mean, σ²I) summed over the last axis. */
    private NDArray gaussian(NDArray x, NDArray mean, NDArray sigma) {
        return standardNormalLogDensity(x.sub(mean).div(sigma)).sub(noise.logSigmaTimes(x, dimension()));
    }

    /**
     * One draw of the bound per example, the KL part (log p(z) + log|det| + H[q(ε)]) weighted by {@code klWeight}, the
     * noise drawn from {@code seed}.
     */
    @Override
    public NDArray elbo(NDArray x, double klWeight, long seed) {
        checkBatch(x);
        int n = dimension();
        Draw d = draw(x, StandardNormals.of(x.getManager(), x.getShape(), seed));
        NDArray entropy = Host.plus(noise.logSigmaTimes(x, n), 0.5 * n * (LOG_TWO_PI + 1));
        return d.reconstruction().add(Host.times(d.latent().add(entropy), klWeight));
    }

    /**
     * Every draw passes the whole flow (twice for the linearised posterior's tangent, or for the coupled decoder's
     * inverse) and the decoder.
     */
    @Override
    public double scoringMultiplyAdds(Scoring scoring) {
        double flow = DensityModel.matrixWeights(encoder.parameters());
        double perDraw = flow * (architecture().posterior() == VdaePosterior.LINEARISED ? 2 : 1)
                + (decoder == null ? flow : decoder.multiplyAdds());
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

    /**
     * Starts the encoder's scaling layer from the noisy rows x + σ·ω (σ at its start) that it sees in training, not
     * from x alone: a coordinate the data leaves nearly constant (MNIST's blank border) would otherwise get a scale
     * fitted to its dequantization noise and blow the training noise up by a thousand. For the linearised posterior
     * z = f(x) + σ·J·ω, which f(x + σ·ω) approximates to first order, this is the same spread.
     */
    @Override
    public boolean startFromData(NDArray x, long seed) {
        NDArray omega = StandardNormals.of(x.getManager(), x.getShape(), seed);
        return FlowStart.apply(encoder, prior, x.add(omega.mul(noise.sigma(x))));
    }

    /** Decodes z ~ p(z) at {@code temperature}: f⁻¹(z) for the coupled decoder, the decoder's mean otherwise. */
    @Override
    public NDArray sample(NDManager scope, int n, double temperature, long seed, Condition condition) {
        return decode(prior.sample(scope, n, dimension(), temperature, new SplittableRandom(seed), condition));
    }

    /** The decoded code of the noise-free input: the mean of q(z | x) at σ → 0. */
    @Override
    public NDArray reconstruct(NDArray x) {
        checkBatch(x);
        return decode(encoder.forward(x).value());
    }

    private NDArray decode(NDArray z) {
        return decoder == null ? encoder.inverse(z).value() : decoder.mean(z);
    }

    /** σ's current value. */
    public double noiseSigma() {
        return noise.value();
    }

    /** "encoder.…" for the flow, "prior.…", "noise.log_sigma" when σ is learned, "decoder.…" when decoupled. */
    @Override
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> all = new LinkedHashMap<>();
        putPart(all, "encoder", encoder.parameters());
        putPart(all, "prior", prior.parameters());
        putPart(all, "noise", noise.parameters());
        if (decoder != null) {
            putPart(all, "decoder", decoder.parameters());
        }
        return all;
    }

    /** The parameters, then the flow's and the prior's fitted statistics. */
    @Override
    public Map<String, NDArray> tensors() {
        Map<String, NDArray> all = parameters();
        putPart(all, "encoder", encoder.statistics());
        putPart(all, "prior", prior.statistics());
        return all;
    }

    @Override
    public String describe() {
        return architecture().describe();
    }
}
