package org.nice4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.nice4j.Gaussian;
import org.nice4j.engine.Host;

/** Standard normal draws made in Java from a seed, so that every engine and device draws the same. */
final class StandardNormals {
    private StandardNormals() {}

    /** Draws of {@code shape} from {@code seed}, into {@code scope}. */
    static NDArray of(NDManager scope, Shape shape, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Gaussian.next(rng);
        }
        return Host.array(scope, v, shape);
    }
}
