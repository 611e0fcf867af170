package org.nice4j.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.nice4j.NiceException;
import org.nice4j.engine.Scope;

/**
 * ZCA whitening as the first step of a flow: z = U diag(w) Uᵀ (x − μ), with U the eigenvectors of the training
 * split's covariance Σ = U diag(λ) Uᵀ and w = 1/√λ, so the training data leaves it with the identity covariance
 * while staying as close to x as a whitening can. No ε is added to λ: a density model needs no protection from
 * amplified noise (the log-determinant pays for it), and an ε would not scale with columns in unrelated units. U is orthogonal, so log|det| = Σ log w_d, which enters
 * log p(x). Kept as μ, U and w rather than the product, so the inverse x = U diag(1/w) Uᵀ z + μ needs no matrix
 * inversion. Fitted, never trained; until {@link #fit} it is the identity.
 */
public final class ZcaWhitening implements Transform {
    /**
     * Eigenvalues below this fraction of the largest are rounding, not spread: the eigensolver's error is about 1e-16
     * of the largest, and columns in units 10⁴ apart still leave 10⁻⁸.
     */
    private static final double SINGULAR = 1e-12;

    private final NDArray mean;
    private final NDArray basis;
    private final NDArray scale;

    public ZcaWhitening(NDManager manager, int dimension) {
        this.mean = manager.zeros(new Shape(dimension));
        this.basis = manager.eye(dimension);
        this.scale = manager.ones(new Shape(dimension));
    }

    /**
     * Fits the whitening to a mean and covariance computed in double precision. The eigendecomposition runs on the
     * host (the engine has none) with EJML's symmetric solver.
     *
     * @throws NiceException when the covariance is singular to working precision (a column that is a linear
     *         combination of others), which no whitening can scale
     */
    public void fit(double[] columnMeans, double[][] covariance) {
        int d = columnMeans.length;
        EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eigen.decompose(new DMatrixRMaj(covariance))) {
            throw new IllegalArgumentException("the eigendecomposition of the " + d + "x" + d
                    + " covariance did not converge");
        }
        double largest = 0;
        for (int i = 0; i < d; i++) {
            largest = Math.max(largest, eigen.getEigenvalue(i).getReal());
        }
        double[] vectors = new double[d * d];
        double[] scales = new double[d];
        for (int i = 0; i < d; i++) {
            double lambda = eigen.getEigenvalue(i).getReal();
            if (!(lambda > SINGULAR * largest)) {
                throw new NiceException("the training split's covariance is singular (an eigenvalue of " + lambda
                        + " against a largest of " + largest + "): some columns are linear combinations of others;"
                        + " drop them, or standardise instead of whitening");
            }
            scales[i] = 1 / Math.sqrt(lambda);
            DMatrixRMaj v = eigen.getEigenVector(i);
            for (int j = 0; j < d; j++) {
                vectors[j * d + i] = v.get(j); // column i of U
            }
        }
        FittedArrays.assign(mean, columnMeans);
        FittedArrays.assign(basis, vectors);
        FittedArrays.assign(scale, scales);
    }

    @Override
    public Transformed forward(NDArray x) {
        NDArray transposed = Scope.like(x, basis.transpose());
        NDArray value = x.sub(mean).matMul(basis).mul(scale).matMul(transposed);
        NDArray logDet = Scope.like(x, scale.log()).sum();
        return new Transformed(value, Scope.zeroLogDet(x).add(logDet));
    }

    @Override
    public Transformed inverse(NDArray z) {
        NDArray transposed = Scope.like(z, basis.transpose());
        NDArray value = z.matMul(basis).div(scale).matMul(transposed).add(mean);
        NDArray logDet = Scope.like(z, scale.log()).sum().neg();
        return new Transformed(value, Scope.zeroLogDet(z).add(logDet));
    }

    @Override
    public Map<String, NDArray> statistics() {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        arrays.put("mean", mean);
        arrays.put("basis", basis);
        arrays.put("scale", scale);
        return arrays;
    }
}
