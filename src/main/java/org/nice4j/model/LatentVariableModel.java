package org.nice4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nice4j.data.Condition;
import org.nice4j.engine.Host;

/**
 * What the VDAE paper's latent-variable models share: trained and validated on an evidence lower bound, scored by
 * importance sampling through their {@link ImportanceSampler.Weights}, their arrays owned by one manager and named by
 * the part they belong to. Each model brings its posterior, its bound, its log-weights, its sampling and its parts.
 *
 * @param <C> the configuration the model is built from, which a model file stores
 */
public abstract sealed class LatentVariableModel<C extends DensityArchitecture>
        implements DensityModel, ImportanceSampler.Weights
        permits VariationalAutoencoder, VariationalDenoisingAutoencoder, LinearisedVdae {
    /** The key of the evidence lower bound in {@link #scores}. */
    public static final String ELBO = "elbo_nats";
    /** The key of K, the number of importance samples behind {@value DensityModel#LOG_LIKELIHOOD}. */
    public static final String IMPORTANCE_SAMPLES = "importance_samples";
    static final double LOG_TWO_PI = Math.log(2 * Math.PI);

    private final NDManager manager;
    private final C config;
    private final Preprocessing preprocessing;

    LatentVariableModel(NDManager manager, C config, Preprocessing preprocessing) {
        this.manager = manager;
        this.config = config;
        this.preprocessing = preprocessing;
    }

    /**
     * One draw of the bound per example (batch, D), its KL part weighted by {@code klWeight}, the draw made from
     * {@code seed}.
     */
    public abstract NDArray elbo(NDArray x, double klWeight, long seed);

    @Override
    public final NDArray trainingObjective(NDArray x, Condition condition, double klWeight, long seed) {
        return elbo(x, klWeight, seed);
    }

    @Override
    public final NDArray validationScore(NDArray x, long seed) {
        return elbo(x, 1, seed);
    }

    /**
     * The importance-sampled log p(x) ({@value DensityModel#LOG_LIKELIHOOD}, see {@link ImportanceSampler}), the
     * evidence lower bound estimated from the same K draws as the mean of their log-weights ({@value #ELBO}), so that
     * the estimate is never below it, and K ({@value #IMPORTANCE_SAMPLES}).
     */
    @Override
    public final Map<String, NDArray> scores(NDArray x, Condition condition, Scoring scoring) {
        checkBatch(x);
        ImportanceSampler.Estimate estimate = ImportanceSampler.estimate(this, x, scoring);
        Shape batch = new Shape(x.getShape().get(0));
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put(LOG_LIKELIHOOD, Host.array(x.getManager(), estimate.logLikelihood(), batch));
        out.put(ELBO, Host.array(x.getManager(), estimate.elbo(), batch));
        out.put(IMPORTANCE_SAMPLES, x.getManager().full(batch, (float) scoring.importanceSamples()));
        return out;
    }

    /** The parameters: nothing else is fitted. */
    @Override
    public Map<String, NDArray> tensors() {
        return parameters();
    }

    @Override
    public final C architecture() {
        return config;
    }

    @Override
    public final Preprocessing preprocessing() {
        return preprocessing;
    }

    @Override
    public final NDManager manager() {
        return manager;
    }

    @Override
    public final void close() {
        manager.close();
    }

    /** Puts {@code arrays} into {@code all} as "{@code part}.name": the stable names a model file keeps. */
    static void putPart(Map<String, NDArray> all, String part, Map<String, NDArray> arrays) {
        arrays.forEach((name, a) -> all.put(part + "." + name, a));
    }

    /** log N(v; 0, I) summed over the last axis. */
    static NDArray standardNormalLogDensity(NDArray v) {
        long d = v.getShape().get(v.getShape().dimension() - 1);
        return Host.plus(Host.times(v.square().sum(new int[] {-1}), -0.5), -0.5 * d * LOG_TWO_PI);
    }
}
