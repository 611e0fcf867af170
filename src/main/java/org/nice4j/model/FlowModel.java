package org.nice4j.model;

import org.nice4j.engine.Host;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nice4j.NiceException;
import org.nice4j.engine.Devices;
import org.nice4j.prior.ClassConditionalGaussian;
import org.nice4j.prior.Prior;
import org.nice4j.transform.Composite;
import org.nice4j.transform.DiagonalScaling;
import org.nice4j.transform.Transform;
import org.nice4j.transform.Transformed;

/**
 * A normalising flow: preprocessing, an invertible transform f and a prior, with
 * log p_X(x) = log p_H(f(x)) + log|det ∂f/∂x| (paper eq. 1). The prior is factorial (NICE) or GIN's
 * class-conditional Gaussian, which adds log p(x | u) = log p_H(f(x) | u) + log|det ∂f/∂x| (GIN §4.2) while
 * log p_X stays the mixture over classes. Owns the native memory of its parameters; close it when done.
 */
public final class FlowModel implements AutoCloseable {
    private final NDManager manager;
    private final ModelConfig config;
    private final Preprocessing preprocessing;
    private final Composite transform;
    private final Prior prior;
    private final ClassConditionalGaussian classPrior; // null for a factorial prior

    private FlowModel(NDManager manager, ModelConfig config, Preprocessing preprocessing, long seed) {
        if (config.dimension() != preprocessing.dimension()) {
            throw new NiceException("model dimension " + config.dimension() + " does not match the data's "
                    + preprocessing.height() + "x" + preprocessing.width());
        }
        this.manager = manager;
        this.config = config;
        this.preprocessing = preprocessing;
        this.transform = new Composite(FlowBuilder.build(config, manager, seed));
        this.classPrior = config.isClassConditional()
                ? new ClassConditionalGaussian(manager, config.classes(), config.dimension(),
                        ClassConditionalGaussian.momentsOf(config.prior()))
                : null;
        this.prior = classPrior != null ? classPrior : Prior.named(config.prior());
    }

    /** A freshly initialised model; the same seed gives the same parameters. */
    public static FlowModel create(ModelConfig config, Preprocessing preprocessing, Device device, long seed) {
        Devices.offline();
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            return new FlowModel(manager, config, preprocessing, seed);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public static FlowModel create(Presets.Preset preset, Device device, long seed) {
        return create(preset.model(), preset.preprocessing(), device, seed);
    }

    /** log p_X(x) for a batch (batch, D) of preprocessed inputs, one value per example. */
    public NDArray logProb(NDArray x) {
        checkShape(x);
        Transformed t = transform.forward(x);
        return prior.logProb(t.value()).add(t.logDet());
    }

    /**
     * log p(x | u) for a batch (batch, D) and its integer labels (batch): the class-conditional density GIN trains.
     * With minibatch moments the per-class statistics come from the batch itself, so the value depends on which
     * examples share it.
     */
    public NDArray logProb(NDArray x, NDArray labels) {
        checkShape(x);
        Transformed t = transform.forward(x);
        return requireClassPrior().logProb(t.value(), labels).add(t.logDet());
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
        checkShape(x);
        return transform.forward(x).value();
    }

    /** x = f⁻¹(h). */
    public NDArray decode(NDArray h) {
        checkShape(h);
        return transform.inverse(h).value();
    }

    /** h = f(x) for host rows. */
    public float[][] encode(float[][] x) {
        try (NDManager scope = manager.newSubManager()) {
            return rows(encode(Host.matrix(scope, x)));
        }
    }

    /** h = f(x) for host rows, {@code batchSize} rows at a time so that memory stays bounded for large sets. */
    public float[][] encode(float[][] x, int batchSize) {
        float[][] out = new float[x.length][];
        for (int from = 0; from < x.length; from += batchSize) {
            int to = Math.min(x.length, from + batchSize);
            float[][] h = encode(java.util.Arrays.copyOfRange(x, from, to));
            System.arraycopy(h, 0, out, from, to - from);
        }
        return out;
    }

    /** x = f⁻¹(h) for host rows. */
    public float[][] decode(float[][] h) {
        try (NDManager scope = manager.newSubManager()) {
            return rows(decode(Host.matrix(scope, h)));
        }
    }

    /** n samples x = f⁻¹(h), h ~ prior scaled by {@code temperature}, into {@code scope}. */
    public NDArray sample(NDManager scope, int n, double temperature, long seed) {
        NDArray h = prior.sample(scope, n, config.dimension(), temperature, new SplittableRandom(seed));
        return decode(h);
    }

    /** n samples as host rows (n × D). */
    public float[][] sample(int n, double temperature, long seed) {
        try (NDManager scope = manager.newSubManager()) {
            return rows(sample(scope, n, temperature, seed));
        }
    }

    /** n samples of class {@code label} as host rows (n × D); only for a class-conditional prior. */
    public float[][] sample(int label, int n, double temperature, long seed) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray h = requireClassPrior().sampleClass(scope, label, n, temperature, new SplittableRandom(seed));
            return rows(decode(h));
        }
    }

    /**
     * Sets the class-conditional prior's stored statistics to those of the latents of {@code rows} (preprocessed
     * inputs, n × D, encoded {@code batchSize} at a time) and their labels: how a flow trained with minibatch
     * moments learns what each class looks like in latent space.
     */
    public void fitClassPrior(float[][] rows, int[] labels, int batchSize) {
        ClassConditionalGaussian cc = requireClassPrior();
        float[][] latents = encode(rows, batchSize);
        try (NDManager scope = manager.newSubManager()) {
            cc.fit(Host.matrix(scope, latents), Host.indices(scope, labels));
        }
    }

    /** GIN's class-conditional prior, when the model has one. */
    public Optional<ClassConditionalGaussian> classPrior() {
        return Optional.ofNullable(classPrior);
    }

    private ClassConditionalGaussian requireClassPrior() {
        if (classPrior == null) {
            throw new NiceException("the model's prior '" + config.prior() + "' is not class-conditional; "
                    + "labels and per-class sampling need a class-gaussian prior");
        }
        return classPrior;
    }

    /** Splits a (n, D) array into host rows. */
    public static float[][] rows(NDArray batch) {
        int n = Math.toIntExact(batch.getShape().get(0));
        int d = Math.toIntExact(batch.getShape().get(1));
        float[] flat = batch.toFloatArray();
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

    private void checkShape(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 2 || s.get(1) != config.dimension()) {
            throw new NiceException("expected a batch of shape (n, " + config.dimension() + "), got " + s);
        }
    }

    /** Trainable arrays by stable name ("0.m.w0", …, "4.log_scale", "prior.means" when learned). */
    public Map<String, NDArray> parameters() {
        return withPrior(classPrior == null ? Map.of() : classPrior.parameters());
    }

    /** Every array a model file keeps: the parameters plus stored prior statistics that are not trained. */
    public Map<String, NDArray> tensors() {
        return withPrior(classPrior == null ? Map.of() : classPrior.statistics());
    }

    private Map<String, NDArray> withPrior(Map<String, NDArray> priorArrays) {
        Map<String, NDArray> all = new LinkedHashMap<>(transform.parameters());
        priorArrays.forEach((name, a) -> all.put("prior." + name, a));
        return all;
    }

    public long parameterCount() {
        return parameters().values().stream().mapToLong(NDArray::size).sum();
    }

    /** The top scaling layer, when the architecture has one (spectrum, appendix A.2). */
    public Optional<DiagonalScaling> scaling() {
        return transform.steps().stream().filter(DiagonalScaling.class::isInstance)
                .map(DiagonalScaling.class::cast).findFirst();
    }

    public Transform transform() {
        return transform;
    }

    public Prior prior() {
        return prior;
    }

    public ModelConfig config() {
        return config;
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** The manager that owns the parameters; open per-batch scopes with {@code manager().newSubManager()}. */
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
