package org.nice4j.infer;

import org.nice4j.NiceException;
import org.nice4j.model.FlowModel;

/**
 * Straight lines in latent space between pairs of images, decoded: x(t) = f⁻¹((1 − t) f(a) + t f(b)) at
 * t = 0, 1/(steps − 1), …, 1. Since f is a bijection the end points reproduce a and b; the path between shows
 * what the model puts between two digits.
 */
public final class LatentInterpolation {
    private LatentInterpolation() {}

    /** One path per pair (starts[k], ends[k]), each of {@code steps} images. */
    public static float[][][] paths(FlowModel model, float[][] starts, float[][] ends, int steps) {
        if (starts.length != ends.length || starts.length == 0) {
            throw new NiceException("interpolation needs pairs of images, got " + starts.length + " starts and "
                    + ends.length + " ends");
        }
        if (steps < 2) {
            throw new NiceException("an interpolation path needs at least 2 steps, got " + steps);
        }
        float[][] a = model.encode(starts);
        float[][] b = model.encode(ends);
        int d = a[0].length;
        float[][] h = new float[starts.length * steps][d];
        for (int k = 0; k < starts.length; k++) {
            for (int s = 0; s < steps; s++) {
                double t = (double) s / (steps - 1);
                for (int j = 0; j < d; j++) {
                    h[k * steps + s][j] = (float) ((1 - t) * a[k][j] + t * b[k][j]);
                }
            }
        }
        float[][] x = model.decode(h);
        float[][][] out = new float[starts.length][steps][];
        for (int k = 0; k < starts.length; k++) {
            System.arraycopy(x, k * steps, out[k], 0, steps);
        }
        return out;
    }
}
