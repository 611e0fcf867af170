package org.nice4j.model;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Optional;
import org.nice4j.Choice;
import org.nice4j.transform.Standardization;
import org.nice4j.transform.Transform;
import org.nice4j.transform.TriangularAffine;
import org.nice4j.transform.ZcaWhitening;

/**
 * The affine stage that whitens a flow's input, fitted to the training split before training and frozen after. It is
 * the flow's first step, so its log-determinant is part of log p(x) and scores stay densities of the data as given.
 */
public enum WhiteningKind implements Choice {
    /** The data enters the couplings as it is. */
    NONE,
    /** Per-column (x − mean)/std of the training split. */
    STANDARDIZE,
    /** ZCA: the training split's covariance whitened by U diag(1/√(λ + ε)) Uᵀ (fmu2/NICE's SVHN and CIFAR-10). */
    ZCA,
    /**
     * NICE's approximate whitening (appendix B): z = Lx + b, L lower triangular, trained by maximum likelihood under
     * a standard normal prior with the run's optimizer.
     */
    APPROXIMATE;

    @JsonCreator
    public static WhiteningKind parse(String id) {
        return Choice.parse(WhiteningKind.class, id, "whitening");
    }

    /** Leaves {@link #NONE} out of JSON, so files without a whitening read and write as before it existed. */
    static final class OmittedWhenNone {
        @Override
        public boolean equals(Object value) {
            return value == NONE;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /** The stage, unfitted (the identity), with its arrays in {@code manager}; empty for {@link #NONE}. */
    public Optional<Transform> stage(NDManager manager, int dimension) {
        return switch (this) {
            case NONE -> Optional.empty();
            case STANDARDIZE -> Optional.of(new Standardization(manager, dimension));
            case ZCA -> Optional.of(new ZcaWhitening(manager, dimension));
            case APPROXIMATE -> Optional.of(TriangularAffine.frozen(manager, dimension));
        };
    }
}
