package org.nice4j.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.nice4j.Gaussian;
import org.nice4j.data.Condition;
import org.nice4j.engine.Host;

/** The standard normal density, NICE's prior for TFD, SVHN and CIFAR-10. */
public final class NormalPrior implements Prior {
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    @Override
    public String id() {
        return "normal";
    }

    @Override
    public NDArray logProb(NDArray h, Condition condition) {
        long d = h.getShape().get(1);
        return Host.plus(Host.times(h.square().sum(new int[] {1}), -0.5), -HALF_LOG_TWO_PI * d);
    }

    @Override
    public NDArray sample(NDManager manager, int n, int dimension, double temperature, SplittableRandom rng,
            Condition condition) {
        float[] h = new float[n * dimension];
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) (temperature * Gaussian.next(rng));
        }
        return Host.array(manager, h, new Shape(n, dimension));
    }

    @Override
    public OptionalDouble coordinateStd() {
        return OptionalDouble.of(1.0);
    }
}
