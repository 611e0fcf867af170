package org.nice4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.nice4j.Seeds;
import org.nice4j.data.Batches;
import org.nice4j.data.Examples;
import org.nice4j.engine.Host;

/**
 * The mean and the (maximum-likelihood, divided by n) covariance of a set of examples, summed in double precision on
 * the engine: N·D² products are too many for the host at image sizes. Two passes, the second over centred rows, so
 * columns far from zero lose no precision. Stochastic preprocessing (dequantization) draws its noise per chunk from
 * the seed, the same in both passes.
 *
 * @param covariance D × D, or null when only the variances were asked for
 */
public record ColumnMoments(double[] mean, double[] variance, double[][] covariance) {
    private static final int CHUNK = 1000;

    /**
     * @param full whether to compute the full covariance (N·D² work) or only the per-column variances (N·D)
     */
    public static ColumnMoments of(Examples examples, NDManager manager, long seed, boolean full) {
        int n = examples.size();
        int d = examples.dimension();
        int[][] chunks = Batches.sequentialBatches(n, CHUNK);
        try (NDManager scope = manager.newSubManager()) {
            NDArray sum = scope.zeros(new Shape(d), DataType.FLOAT64);
            for (int c = 0; c < chunks.length; c++) {
                try (NDManager chunkScope = scope.newSubManager()) {
                    sum.addi(rows(chunkScope, examples, chunks[c], seed, c).sum(new int[] {0}));
                }
            }
            NDArray mean = sum.div(n);
            NDArray products = full ? scope.zeros(new Shape(d, d), DataType.FLOAT64)
                    : scope.zeros(new Shape(d), DataType.FLOAT64);
            for (int c = 0; c < chunks.length; c++) {
                try (NDManager chunkScope = scope.newSubManager()) {
                    NDArray centred = rows(chunkScope, examples, chunks[c], seed, c).sub(mean);
                    products.addi(full ? centred.transpose().matMul(centred) : centred.square().sum(new int[] {0}));
                }
            }
            double[] flat = products.div(n).toDoubleArray();
            double[] variance = new double[d];
            double[][] covariance = full ? new double[d][d] : null;
            for (int i = 0; i < d; i++) {
                if (full) {
                    System.arraycopy(flat, i * d, covariance[i], 0, d);
                    variance[i] = covariance[i][i];
                } else {
                    variance[i] = flat[i];
                }
            }
            return new ColumnMoments(mean.toDoubleArray(), variance, covariance);
        }
    }

    private static NDArray rows(NDManager scope, Examples examples, int[] chunk, long seed, int index) {
        float[] values = examples.batch(chunk, new SplittableRandom(Seeds.mix(seed, index)));
        return Host.array(scope, values, new Shape(chunk.length, examples.dimension()))
                .toType(DataType.FLOAT64, false);
    }

    /** The per-column standard deviations. */
    public double[] std() {
        double[] std = new double[variance.length];
        for (int i = 0; i < std.length; i++) {
            std[i] = Math.sqrt(variance[i]);
        }
        return std;
    }
}
