package org.nice4j.prior;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.nice4j.UsageException;

/** The priors a model file or preset can name, and the one place that turns a name into a prior. */
public final class Priors {
    /** The ids in model files, with "gaussian" accepted as another name for "normal". */
    public static final List<String> IDS = List.of("logistic", "normal", ClassConditionalGaussian.MINIBATCH_ID,
            ClassConditionalGaussian.LEARNED_ID);

    private Priors() {
    }

    /**
     * The prior {@code id} names over {@code dimension} latent variables; {@code classes} is the number of labels of
     * a class-conditional prior and must be null for the others. Arrays it holds live in {@code manager}.
     */
    public static Prior create(String id, NDManager manager, int dimension, Integer classes) {
        check(id, classes);
        return switch (id) {
            case "logistic" -> new LogisticPrior();
            case "normal", "gaussian" -> new NormalPrior();
            case ClassConditionalGaussian.MINIBATCH_ID -> new ClassConditionalGaussian(manager, classes, dimension,
                    ClassConditionalGaussian.Moments.MINIBATCH);
            default -> new ClassConditionalGaussian(manager, classes, dimension, ClassConditionalGaussian.Moments.LEARNED);
        };
    }

    /** Fails with a one-line message unless {@code id} is known and {@code classes} is given exactly when it needs them. */
    public static void check(String id, Integer classes) {
        boolean byClass = ClassConditionalGaussian.MINIBATCH_ID.equals(id) || ClassConditionalGaussian.LEARNED_ID.equals(id);
        if (!byClass && !"gaussian".equals(id) && !IDS.contains(id)) {
            throw new UsageException("unknown prior '" + id + "' (known: " + String.join(", ", IDS) + ")");
        }
        if (byClass && (classes == null || classes < 1)) {
            throw new UsageException("the prior '" + id + "' needs the number of classes, got " + classes);
        }
        if (!byClass && classes != null) {
            throw new UsageException("the prior '" + id + "' takes no classes; use class-gaussian for labels");
        }
    }
}
