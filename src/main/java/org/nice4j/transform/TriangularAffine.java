package org.nice4j.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nice4j.engine.Host;
import org.nice4j.engine.Scope;

/**
 * NICE's approximate whitening (appendix B): z = Lx + b with L lower triangular. L is kept as
 * diag(exp(s))·(I + M), M strictly lower triangular, so its diagonal exp(s) stays positive and L invertible whatever
 * the optimizer does, and log|det| = Σ s. Writing the off-diagonal part relative to the diagonal makes M_dj the
 * negated coefficients of regressing x_d on the earlier coordinates, of order one on standardised columns, which
 * suits a normalised optimizer moving every parameter by about the learning rate.
 *
 * <p>Trained by maximum likelihood under a standard normal prior, this is a Gaussian fit; used frozen as the first
 * step of a flow its arrays are {@link #statistics()} rather than parameters. The inverse inverts I + M in double
 * precision on the engine for every call (sampling, not training, uses it).
 */
public final class TriangularAffine implements Transform {
    private final NDArray lower;
    private final NDArray logDiagonal;
    private final NDArray bias;
    private final NDArray strictlyLower;
    private final boolean trainable;

    private TriangularAffine(NDManager manager, int dimension, boolean trainable) {
        this.lower = manager.zeros(new Shape(dimension, dimension));
        this.logDiagonal = manager.zeros(new Shape(dimension));
        this.bias = manager.zeros(new Shape(dimension));
        boolean[] mask = new boolean[dimension * dimension];
        for (int i = 0; i < dimension; i++) {
            for (int j = 0; j < i; j++) {
                mask[i * dimension + j] = true;
            }
        }
        try (NDArray flags = Host.flags(manager, mask, new Shape(dimension, dimension))) {
            this.strictlyLower = flags.toType(DataType.FLOAT32, false);
        }
        this.trainable = trainable;
        if (trainable) {
            lower.setRequiresGradient(true);
            logDiagonal.setRequiresGradient(true);
            bias.setRequiresGradient(true);
        }
    }

    /** A whitening to fit by maximum likelihood: its arrays are parameters. Starts as the identity. */
    public static TriangularAffine trainable(NDManager manager, int dimension) {
        return new TriangularAffine(manager, dimension, true);
    }

    /** A fitted whitening used as it is: its arrays are statistics. Starts as the identity until {@link #fit}. */
    public static TriangularAffine frozen(NDManager manager, int dimension) {
        return new TriangularAffine(manager, dimension, false);
    }

    /**
     * Sets L = diag(exp(s))·(I + M) and b.
     *
     * @param offDiagonal M row-major (D × D); only its strictly lower part is used
     */
    public void fit(double[] offDiagonal, double[] logDiagonals, double[] shifts) {
        FittedArrays.assign(lower, offDiagonal);
        FittedArrays.assign(logDiagonal, logDiagonals);
        FittedArrays.assign(bias, shifts);
    }

    @Override
    public Transformed forward(NDArray x) {
        NDArray m = Scope.like(x, lower.mul(strictlyLower));
        NDArray s = Scope.like(x, logDiagonal.exp());
        NDArray value = x.add(x.matMul(m.transpose())).mul(s).add(bias);
        NDArray logDet = Scope.like(x, logDiagonal.sum());
        return new Transformed(value, Scope.zeroLogDet(x).add(logDet));
    }

    @Override
    public Transformed inverse(NDArray z) {
        NDManager scope = z.getManager();
        int d = Math.toIntExact(logDiagonal.size());
        NDArray unit = Scope.like(z, lower.mul(strictlyLower)).add(scope.eye(d));
        NDArray inverted = unit.toType(DataType.FLOAT64, false).inverse().toType(DataType.FLOAT32, false);
        NDArray u = z.sub(bias).mul(Scope.like(z, logDiagonal.neg()).exp());
        NDArray logDet = Scope.like(z, logDiagonal.sum()).neg();
        return new Transformed(u.matMul(inverted.transpose()), Scope.zeroLogDet(z).add(logDet));
    }

    @Override
    public Map<String, NDArray> parameters() {
        return trainable ? arrays() : Map.of();
    }

    @Override
    public Map<String, NDArray> statistics() {
        return trainable ? Map.of() : arrays();
    }

    private Map<String, NDArray> arrays() {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        arrays.put("lower", lower);
        arrays.put("log_diagonal", logDiagonal);
        arrays.put("bias", bias);
        return arrays;
    }
}
