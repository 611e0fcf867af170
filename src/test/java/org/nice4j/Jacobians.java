package org.nice4j;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.function.UnaryOperator;

/** Brute-force Jacobians by autograd, one backward pass per output coordinate, for checking log-determinants. */
public final class Jacobians {
    private Jacobians() {}

    /** J[n][i][j] = ∂f(x_n)_i / ∂x_n,j for a map applied row-wise to a (batch, D) array. */
    public static double[][][] of(UnaryOperator<NDArray> f, NDArray x) {
        return of(f, x, Math.toIntExact(x.getShape().get(1)));
    }

    /** J[n][i][j] = ∂f(x_n)_i / ∂x_n,j for a map from (batch, D) to (batch, outputs), applied row-wise. */
    public static double[][][] of(UnaryOperator<NDArray> f, NDArray x, int outputs) {
        int n = Math.toIntExact(x.getShape().get(0));
        int d = Math.toIntExact(x.getShape().get(1));
        double[][][] jac = new double[n][outputs][d];
        for (int i = 0; i < outputs; i++) {
            try (NDManager scope = x.getManager().newSubManager()) {
                NDArray xi = x.duplicate();
                xi.attach(scope);
                xi.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray y = f.apply(xi);
                    gc.backward(y.get(":, " + i).sum());
                }
                float[] g = xi.getGradient().toFloatArray();
                for (int row = 0; row < n; row++) {
                    for (int j = 0; j < d; j++) {
                        jac[row][i][j] = g[row * d + j];
                    }
                }
            }
        }
        return jac;
    }

    /** log|det A| by LU decomposition with partial pivoting. */
    public static double logAbsDet(double[][] matrix) {
        int d = matrix.length;
        double[][] a = new double[d][];
        for (int i = 0; i < d; i++) {
            a[i] = matrix[i].clone();
        }
        double logDet = 0;
        for (int c = 0; c < d; c++) {
            int pivot = c;
            for (int r = c + 1; r < d; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] tmp = a[c];
            a[c] = a[pivot];
            a[pivot] = tmp;
            if (a[c][c] == 0) {
                return Double.NEGATIVE_INFINITY;
            }
            logDet += Math.log(Math.abs(a[c][c]));
            for (int r = c + 1; r < d; r++) {
                double factor = a[r][c] / a[c][c];
                for (int k = c; k < d; k++) {
                    a[r][k] -= factor * a[c][k];
                }
            }
        }
        return logDet;
    }
}
