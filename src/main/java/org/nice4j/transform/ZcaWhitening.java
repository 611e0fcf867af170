package org.nice4j.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.nice4j.engine.Scope;

/**
 * ZCA whitening as the first step of a flow: z = U diag(w) Uᵀ (x − μ), with U the eigenvectors of the training
 * split's covariance Σ = U diag(λ) Uᵀ and w = 1/√(λ + ε), so the training data leaves it with (nearly) the identity
 * covariance while staying as close to x as a whitening can. U is orthogonal, so log|det| = Σ log w_d, which enters
 * log p(x). Kept as μ, U and w rather than the product, so the inverse x = U diag(1/w) Uᵀ z + μ needs no matrix
 * inversion. Fitted, never trained; until {@link #fit} it is the identity.
 */
public final class ZcaWhitening implements Transform {
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
     * @param epsilon added to every eigenvalue, so directions without spread are not scaled without bound
     */
    public void fit(double[] columnMeans, double[][] covariance, double epsilon) {
        int d = columnMeans.length;
        EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eigen.decompose(new DMatrixRMaj(covariance))) {
            throw new IllegalArgumentException("the eigendecomposition of the " + d + "x" + d
                    + " covariance did not converge");
        }
        double[] vectors = new double[d * d];
        double[] scales = new double[d];
        for (int i = 0; i < d; i++) {
            double lambda = Math.max(0, eigen.getEigenvalue(i).getReal());
            scales[i] = 1 / Math.sqrt(lambda + epsilon);
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
