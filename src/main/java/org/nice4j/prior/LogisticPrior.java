package org.nice4j.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.nice4j.data.Condition;
import org.nice4j.engine.Host;

/**
 * The standard logistic density, NICE's MNIST prior: log p(h) = −softplus(h) − softplus(−h), which stays finite
 * for any |h| (the naive −h − 2·log(1 + e^{−h}) overflows for large negative h).
 */
public final class LogisticPrior implements Prior {

    @Override
    public String id() {
        return "logistic";
    }

    @Override
    public NDArray logProb(NDArray h, Condition condition) {
        return Activation.softPlus(h).add(Activation.softPlus(h.neg())).sum(new int[] {1}).neg();
    }

    /** Inverse CDF: h = log u − log(1 − u), u ~ U(0, 1). */
    @Override
    public NDArray sample(NDManager manager, int n, int dimension, double temperature, SplittableRandom rng,
            Condition condition) {
        float[] h = new float[n * dimension];
        for (int i = 0; i < h.length; i++) {
            double u = rng.nextDouble();
            while (u == 0.0) {
                u = rng.nextDouble();
            }
            h[i] = (float) (temperature * (Math.log(u) - Math.log1p(-u)));
        }
        return Host.array(manager, h, new Shape(n, dimension));
    }

    @Override
    public OptionalDouble coordinateStd() {
        return OptionalDouble.of(Math.PI / Math.sqrt(3));
    }
}
