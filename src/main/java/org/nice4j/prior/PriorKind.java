package org.nice4j.prior;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonCreator;
import org.nice4j.Choice;
import org.nice4j.InvalidSettingException;

/** The priors a model file or preset can name, spelled as {@link #id()}, and the one place that builds them. */
public enum PriorKind implements Choice {
    /** NICE's MNIST prior. */
    LOGISTIC,
    /** NICE's TFD, SVHN and CIFAR-10 prior; "gaussian" is read as this too. */
    NORMAL,
    /** GIN's class-conditional Gaussian with the minibatch moments of each class (App. D.1). */
    CLASS_GAUSSIAN,
    /** GIN's class-conditional Gaussian with trainable per-class means and variances. */
    CLASS_GAUSSIAN_LEARNED;

    @JsonCreator
    public static PriorKind parse(String id) {
        if ("gaussian".equals(id)) {
            return NORMAL;
        }
        return Choice.parse(PriorKind.class, id, "prior");
    }

    /** Whether the prior reads class labels, and so needs the number of classes. */
    public boolean needsClasses() {
        return this == CLASS_GAUSSIAN || this == CLASS_GAUSSIAN_LEARNED;
    }

    /**
     * The prior over {@code dimension} latent variables; {@code classes} is the number of labels of a
     * class-conditional prior and must be null for the others. Arrays it holds live in {@code manager}.
     */
    public Prior create(NDManager manager, int dimension, Integer classes) {
        check(classes);
        return switch (this) {
            case LOGISTIC -> new LogisticPrior();
            case NORMAL -> new NormalPrior();
            case CLASS_GAUSSIAN -> new ClassConditionalGaussian(manager, classes, dimension,
                    ClassConditionalGaussian.Moments.MINIBATCH);
            case CLASS_GAUSSIAN_LEARNED -> new ClassConditionalGaussian(manager, classes, dimension,
                    ClassConditionalGaussian.Moments.LEARNED);
        };
    }

    /** Fails with a one-line message unless {@code classes} is given exactly when the prior needs them. */
    public void check(Integer classes) {
        if (needsClasses() && (classes == null || classes < 1)) {
            throw new InvalidSettingException("classes", "the prior '" + id() + "' needs the number of classes, got "
                    + classes);
        }
        if (!needsClasses() && classes != null) {
            throw new InvalidSettingException("classes", "the prior '" + id()
                    + "' takes no classes; use class-gaussian for labels");
        }
    }

}
