package org.nice4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.nice4j.NiceException;
import org.nice4j.engine.Host;

/**
 * The Gram matrices C = J·Jᵀ of a batch of Jacobians (batch, m, n), factorised on the host: L-VDAE's posterior
 * covariance is σ²C (paper eq. 7–8). The engine has no Cholesky, eigendecomposition or slogdet, so each C is copied
 * out and factorised in double precision (EJML), and {@link #logDet} carries the gradient through a surrogate.
 */
public final class JacobianGram {
    private final NDArray gram;
    private final double[] logDets;
    private final float[] inverses;

    private JacobianGram(NDArray gram, double[] logDets, float[] inverses) {
        this.gram = gram;
        this.logDets = logDets;
        this.inverses = inverses;
    }

    /**
     * Forms C = J·Jᵀ on the engine (on the tape, so gradients reach J) and factorises every example's C.
     *
     * @throws NiceException naming the example whose C is not positive definite (J lost rank)
     */
    public static JacobianGram of(NDArray jacobian) {
        NDArray gram = jacobian.matMul(jacobian.transpose(0, 2, 1));
        int batch = Math.toIntExact(gram.getShape().get(0));
        int m = Math.toIntExact(gram.getShape().get(1));
        float[] values = gram.toFloatArray();
        double[] logDets = new double[batch];
        float[] inverses = new float[batch * m * m];
        for (int b = 0; b < batch; b++) {
            DMatrixRMaj c = new DMatrixRMaj(m, m);
            for (int i = 0; i < m * m; i++) {
                c.data[i] = values[b * m * m + i];
            }
            CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(m, true);
            if (!chol.decompose(c)) {
                throw new NiceException("the encoder's Jacobian lost rank at example " + b
                        + " of the batch: J·Jᵀ is not positive definite");
            }
            DMatrixRMaj l = chol.getT(null);
            double sum = 0;
            for (int i = 0; i < m; i++) {
                sum += Math.log(l.get(i, i));
            }
            logDets[b] = 2 * sum;
            DMatrixRMaj inv = inverseOf(l);
            for (int i = 0; i < m * m; i++) {
                inverses[b * m * m + i] = (float) inv.data[i];
            }
        }
        return new JacobianGram(gram, logDets, inverses);
    }

    /**
     * log det(J·Jᵀ) per example, shape (batch). The value is the host factorisation's; the gradient is that of the
     * surrogate tr(sg(C⁻¹)·C), whose derivative in C is C⁻¹ = ∂ log det C / ∂C (Jacobi's formula, C symmetric), so
     * backpropagation reaches J as 2·C⁻¹·J, the exact gradient of the log-determinant.
     */
    public NDArray logDet() {
        NDArray inverse = Host.array(gram.getManager(), inverses, gram.getShape());
        NDArray surrogate = inverse.mul(gram).sum(new int[] {1, 2});
        NDArray value = Host.array(gram.getManager(), toFloats(logDets), new Shape(logDets.length));
        return value.add(surrogate.sub(surrogate.stopGradient()));
    }

    /** The log-determinants as the host computed them, in double precision. */
    public double[] logDetValues() {
        return logDets.clone();
    }

    /**
     * uᵀ·C⁻¹·u for each example's vectors u, (batch, m) or (batch, K, m): the Mahalanobis term of the Gaussian
     * log-density with covariance C, by products with the host's inverse. A value, not on the tape (for scoring samples).
     */
    public NDArray mahalanobis(NDArray u) {
        boolean single = u.getShape().dimension() == 2;
        NDArray rows = single ? u.expandDims(1) : u;
        try (NDArray inverse = Host.array(u.getManager(), inverses, gram.getShape())) {
            NDArray quad = rows.matMul(inverse).mul(rows).sum(new int[] {-1});
            return single ? quad.squeeze(1) : quad;
        }
    }

    private static DMatrixRMaj inverseOf(DMatrixRMaj l) {
        DMatrixRMaj inv = new DMatrixRMaj(l.numRows, l.numCols);
        TriangularSolver_DDRM.invertLower(l.data, inv.data, l.numRows);
        DMatrixRMaj result = new DMatrixRMaj(l.numRows, l.numCols);
        CommonOps_DDRM.multTransA(inv, inv, result);
        return result;
    }

    private static float[] toFloats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }
}
