package org.nice4j.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nice4j.data.Condition;
import org.nice4j.data.Examples;
import org.nice4j.engine.Host;
import org.nice4j.prior.Prior;
import org.nice4j.transform.Composite;
import org.nice4j.transform.DiagonalScaling;
import org.nice4j.transform.Transform;
import org.nice4j.transform.Transformed;

/**
 * A normalising flow: preprocessing, an invertible transform f and a prior, with
 * log p_X(x | c) = log p_H(f(x) | c) + log|det ∂f/∂x| (paper eq. 1), where the condition c is optional and only the
 * prior reads it (GIN's class labels, §4.2). Built from any {@link FlowArchitecture}: a preset's {@link ModelConfig}
 * or a user's own composition. Owns the native memory of its parameters; close it when done.
 */
public final class FlowModel implements DensityModel {
    /** Rows per engine call when host rows are encoded for a prior's epoch hook. */
    private static final int ENCODE_BATCH = 200;

    private final NDManager manager;
    private final FlowArchitecture architecture;
    private final Preprocessing preprocessing;
    private final Composite transform;
    private final Prior prior;

    private FlowModel(NDManager manager, FlowArchitecture architecture, Preprocessing preprocessing, long seed) {
        this.manager = manager;
        this.architecture = architecture;
        this.preprocessing = preprocessing;
        int dimension = preprocessing.dimension();
        this.transform = new Composite(architecture.transforms(manager, dimension, new SplittableRandom(seed)));
        this.prior = architecture.prior(manager, dimension);
    }

    /** A freshly initialised model; the same seed gives the same parameters. */
    public static FlowModel create(FlowArchitecture architecture, Preprocessing preprocessing, Device device,
            long seed) {
        return BaseManagers.build(device, manager -> new FlowModel(manager, architecture, preprocessing, seed));
    }

    public static FlowModel create(Presets.Preset preset, Device device, long seed) {
        return create(preset.flow(), preset.preprocessing(), device, seed);
    }

    /** log p_X(x) for a batch (batch, D) of preprocessed inputs, one value per example. */
    public NDArray logProb(NDArray x) {
        return logProb(x, Condition.NONE);
    }

    /** log p_X(x | c) for a batch (batch, D) of preprocessed inputs and their condition, one value per example. */
    public NDArray logProb(NDArray x, Condition condition) {
        Transformed t = forward(x);
        return prior.logProb(t.value(), condition).add(t.logDet());
    }

    /**
     * What training maximises for a minibatch: log p(x | c) as the prior trains it (for GIN's minibatch moments the
     * class statistics of the batch itself, so the value depends on which examples share it).
     */
    public NDArray trainingLogProb(NDArray x, Condition condition) {
        Transformed t = forward(x);
        return prior.trainingLogProb(t.value(), condition).add(t.logDet());
    }

    /** A flow's objective is its log-likelihood as the prior trains it; there is no KL term and nothing to draw. */
    @Override
    public NDArray trainingObjective(NDArray x, Condition condition, double klWeight, long seed) {
        return trainingLogProb(x, condition);
    }

    /** The exact log p_X(x); nothing is drawn. */
    @Override
    public NDArray validationScore(NDArray x, long seed) {
        return logProb(x);
    }

    /** The exact scores of {@link #scores(NDArray, Condition)}; a flow draws no importance samples. */
    @Override
    public Map<String, NDArray> scores(NDArray x, Condition condition, Scoring scoring) {
        return scores(x, condition);
    }

    /** f⁻¹(f(x)): x again, up to rounding. */
    @Override
    public NDArray reconstruct(NDArray x) {
        return decode(encode(x));
    }

    @Override
    public Optional<FlowModel> asFlow() {
        return Optional.of(this);
    }

    @Override
    public boolean startFromData(NDArray x, long seed) {
        return FlowStart.apply(transform, prior, x);
    }

    /**
     * log p_X(x) and the prior's own {@link Prior#scores} for a batch, from one pass through the flow: the key
     * {@code "log_likelihood_nats"} holds log p(x), the others what the prior adds given the condition.
     */
    public Map<String, NDArray> scores(NDArray x, Condition condition) {
        Transformed t = forward(x);
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put(LOG_LIKELIHOOD, prior.logProb(t.value(), Condition.NONE).add(t.logDet()));
        out.putAll(prior.scores(t.value(), t.logDet(), condition));
        return out;
    }

    /** log p_X(x) for host rows of preprocessed inputs; convenient for scoring (e.g. anomaly detection). */
    public double[] logProb(float[][] rows) {
        try (NDManager scope = manager.newSubManager()) {
            float[] lp = logProb(Host.matrix(scope, rows)).toFloatArray();
            double[] out = new double[lp.length];
            for (int i = 0; i < lp.length; i++) {
                out[i] = lp[i];
            }
            return out;
        }
    }

    /** h = f(x). */
    public NDArray encode(NDArray x) {
        return forward(x).value();
    }

    /** x = f⁻¹(h). */
    public NDArray decode(NDArray h) {
        checkBatch(h);
        return transform.inverse(h).value();
    }

    /** h = f(x) for host rows. */
    public float[][] encode(float[][] x) {
        try (NDManager scope = manager.newSubManager()) {
            return Host.rows(encode(Host.matrix(scope, x)));
        }
    }

    /** h = f(x) for host rows, {@code batchSize} rows at a time so that memory stays bounded for large sets. */
    public float[][] encode(float[][] x, int batchSize) {
        float[][] out = new float[x.length][];
        for (int from = 0; from < x.length; from += batchSize) {
            int to = Math.min(x.length, from + batchSize);
            float[][] h = encode(Arrays.copyOfRange(x, from, to));
            System.arraycopy(h, 0, out, from, to - from);
        }
        return out;
    }

    /** x = f⁻¹(h) for host rows. */
    public float[][] decode(float[][] h) {
        try (NDManager scope = manager.newSubManager()) {
            return Host.rows(decode(Host.matrix(scope, h)));
        }
    }

    /** n samples x = f⁻¹(h), h ~ prior given the condition and scaled by {@code temperature}, into {@code scope}. */
    @Override
    public NDArray sample(NDManager scope, int n, double temperature, long seed, Condition condition) {
        NDArray h = prior.sample(scope, n, dimension(), temperature, new SplittableRandom(seed), condition);
        return decode(h);
    }

    @Override
    public int classes() {
        return prior.classes();
    }

    /** Checked before the first training step: fails when the prior cannot learn from {@code train}. */
    @Override
    public void checkTrainingData(Examples train) {
        DensityModel.super.checkTrainingData(train);
        prior.checkTrainingData(train);
    }

    /** Called by training after every epoch: lets the prior re-estimate what it estimates from the latents. */
    @Override
    public void afterEpoch(Examples train) {
        prior.afterEpoch(train, rows -> encode(rows, ENCODE_BATCH));
    }

    private Transformed forward(NDArray x) {
        checkBatch(x);
        return transform.forward(x);
    }

    /** Trainable arrays by stable name ("0.m.w0", …, "4.log_scale", "prior.means" when learned). */
    @Override
    public Map<String, NDArray> parameters() {
        return withPrior(prior.parameters());
    }

    /**
     * Every array a model file keeps: the parameters plus what was fitted but is not trained (a whitening's
     * statistics, "0.mean", and stored prior statistics).
     */
    @Override
    public Map<String, NDArray> tensors() {
        Map<String, NDArray> all = new LinkedHashMap<>(transform.parameters());
        all.putAll(transform.statistics());
        prior.statistics().forEach((name, a) -> all.put("prior." + name, a));
        return all;
    }

    private Map<String, NDArray> withPrior(Map<String, NDArray> priorArrays) {
        Map<String, NDArray> all = new LinkedHashMap<>(transform.parameters());
        priorArrays.forEach((name, a) -> all.put("prior." + name, a));
        return all;
    }

    @Override
    public long parameterCount() {
        return parameters().values().stream().mapToLong(NDArray::size).sum();
    }

    /**
     * The whitening stage in front of the couplings, when the architecture has one (see {@link WhiteningKind}): the
     * first step of the flow, to be fitted to the training split before training.
     */
    public Optional<Transform> whitening() {
        boolean whitens = architecture.config().map(c -> c.whitening() != WhiteningKind.NONE).orElse(false);
        return whitens ? Optional.of(transform.steps().get(0)) : Optional.empty();
    }

    /** The top scaling layer, when the architecture has one (spectrum, appendix A.2). */
    public Optional<DiagonalScaling> scaling() {
        return transform.steps().stream().filter(DiagonalScaling.class::isInstance)
                .map(DiagonalScaling.class::cast).findFirst();
    }

    /** "4 additive couplings … (uniform init), diagonal scaling, logistic prior", whitening first when there is one. */
    @Override
    public String describe() {
        String prior = this.prior.describe() + " prior";
        return architecture.config().map(c -> (c.whitening() == WhiteningKind.NONE ? ""
                : c.whitening().id() + " whitening, then ") + c.layout().describe(c) + " (" + c.network().init().id()
                + " init)" + (c.scaling() ? ", diagonal scaling" : "") + ", " + prior)
                .orElse(architecture.describe() + ", " + prior);
    }

    /** D, the number of coordinates of an input row (and of a latent). */
    @Override
    public int dimension() {
        return preprocessing.dimension();
    }

    public Transform transform() {
        return transform;
    }

    public Prior prior() {
        return prior;
    }

    @Override
    public FlowArchitecture architecture() {
        return architecture;
    }

    @Override
    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** The manager that owns the parameters; open per-batch scopes with {@code manager().newSubManager()}. */
    @Override
    public NDManager manager() {
        return manager;
    }

    public Device device() {
        return manager.getDevice();
    }

    @Override
    public void close() {
        manager.close();
    }
}
