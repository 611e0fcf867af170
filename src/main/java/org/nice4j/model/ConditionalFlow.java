package org.nice4j.model;

import org.nice4j.engine.Host;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nice4j.NiceException;
import org.nice4j.engine.Devices;
import org.nice4j.prior.ClassConditionalGaussian;
import org.nice4j.transform.Composite;
import org.nice4j.transform.Transformed;

/**
 * A flow with a class-conditional base density, log p(x | u) = log p_H(f(x) | u) + log|det ∂f/∂x| (GIN §4.2). The
 * transform is built from a {@link ModelConfig} exactly as {@link FlowModel}'s is; the config's unconditional
 * {@code prior} is not used. Owns the native memory of its parameters; close it when done.
 */
public final class ConditionalFlow implements AutoCloseable {
    private final NDManager manager;
    private final ModelConfig config;
    private final Composite transform;
    private final ClassConditionalGaussian prior;

    private ConditionalFlow(NDManager manager, ModelConfig config, int classes, ClassConditionalGaussian.Moments moments,
            long seed) {
        this.manager = manager;
        this.config = config;
        this.transform = new Composite(FlowBuilder.build(config, manager, seed));
        this.prior = new ClassConditionalGaussian(manager, classes, config.dimension(), moments);
    }

    /** A freshly initialised flow; the same seed gives the same parameters. */
    public static ConditionalFlow create(ModelConfig config, int classes, ClassConditionalGaussian.Moments moments,
            Device device, long seed) {
        Devices.offline();
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            return new ConditionalFlow(manager, config, classes, moments, seed);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** log p(x | u) for a batch (batch, D) and its labels (batch), one value per example. */
    public NDArray logProb(NDArray x, NDArray labels) {
        checkShape(x);
        Transformed t = transform.forward(x);
        return prior.logProb(t.value(), labels).add(t.logDet());
    }

    /** h = f(x) for host rows (n × D), in batches of {@code batchSize}. */
    public float[][] encode(float[][] rows, int batchSize) {
        float[][] out = new float[rows.length][];
        for (int from = 0; from < rows.length; from += batchSize) {
            int to = Math.min(rows.length, from + batchSize);
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = Host.matrix(scope, java.util.Arrays.copyOfRange(rows, from, to));
                checkShape(x);
                float[][] h = FlowModel.rows(transform.forward(x).value());
                System.arraycopy(h, 0, out, from, to - from);
            }
        }
        return out;
    }

    /**
     * Sets the prior's per-class statistics to those of the latents of {@code rows} (the training set, after
     * training with minibatch moments), so that {@link #sample} draws from each class.
     */
    public void fitPrior(float[][] rows, int[] labels, int batchSize) {
        float[][] h = encode(rows, batchSize);
        try (NDManager scope = manager.newSubManager()) {
            prior.fit(Host.matrix(scope, h), Host.indices(scope, labels));
        }
    }

    /** n samples x = f⁻¹(h) of class {@code label}, h from the prior's stored statistics, as host rows. */
    public float[][] sample(int label, int n, double temperature, long seed) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray h = prior.sample(scope, label, n, temperature, new SplittableRandom(seed));
            return FlowModel.rows(transform.inverse(h).value());
        }
    }

    /** Trainable arrays: the transform's, then the prior's under "prior.". */
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> p = new LinkedHashMap<>(transform.parameters());
        prior.parameters().forEach((name, a) -> p.put("prior." + name, a));
        return p;
    }

    private void checkShape(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 2 || s.get(1) != config.dimension()) {
            throw new NiceException("expected a batch of shape (n, " + config.dimension() + "), got " + s);
        }
    }

    public ClassConditionalGaussian prior() {
        return prior;
    }

    public Composite transform() {
        return transform;
    }

    public ModelConfig config() {
        return config;
    }

    /** The manager that owns the parameters; open per-batch scopes with {@code manager().newSubManager()}. */
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
