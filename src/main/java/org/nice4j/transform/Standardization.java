package org.nice4j.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nice4j.engine.Scope;

/**
 * Per-column standardisation as the first step of a flow: z = (x − μ)/σ, with μ and σ the mean and standard deviation
 * of each column on the training split. As a flow step its log|det| = −Σ log σ_d enters log p(x), so the model's
 * density is that of the data as given, in its own units. The arrays are fitted, never trained; until
 * {@link #fit} they hold the identity (μ = 0, σ = 1).
 */
public final class Standardization implements Transform {
    private final NDArray mean;
    private final NDArray std;

    public Standardization(NDManager manager, int dimension) {
        this.mean = manager.zeros(new Shape(dimension));
        this.std = manager.ones(new Shape(dimension));
    }

    /** Sets μ and σ (each of length D, every σ_d > 0). */
    public void fit(double[] columnMeans, double[] columnStds) {
        for (int d = 0; d < columnStds.length; d++) {
            if (!(columnStds[d] > 0) || Double.isInfinite(columnStds[d])) {
                throw new IllegalArgumentException("column " + d + " has standard deviation " + columnStds[d]);
            }
        }
        FittedArrays.assign(mean, columnMeans);
        FittedArrays.assign(std, columnStds);
    }

    @Override
    public Transformed forward(NDArray x) {
        NDArray logDet = Scope.like(x, std.log()).sum().neg();
        return new Transformed(x.sub(mean).div(std), Scope.zeroLogDet(x).add(logDet));
    }

    @Override
    public Transformed inverse(NDArray z) {
        NDArray logDet = Scope.like(z, std.log()).sum();
        return new Transformed(z.mul(std).add(mean), Scope.zeroLogDet(z).add(logDet));
    }

    @Override
    public Map<String, NDArray> statistics() {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        arrays.put("mean", mean);
        arrays.put("std", std);
        return arrays;
    }
}
