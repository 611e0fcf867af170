package org.nice4j.infer;

import org.nice4j.data.Condition;
import org.nice4j.model.DensityModel;

/**
 * The samples a finished run shows: an 8×8 grid of draws from the model, or, when the prior tells classes apart,
 * 8 rows with one column per class (class k drawn with seed + k).
 *
 * @param rows    the samples, row-major through the grid
 * @param columns the grid's width
 */
public record SampleGrid(float[][] rows, int columns) {
    private static final int SIDE = 8;

    public static SampleGrid of(DensityModel model, long seed) {
        int classes = model.classes();
        if (classes == 0) {
            return new SampleGrid(model.sample(SIDE * SIDE, 1.0, seed), SIDE);
        }
        float[][] out = new float[SIDE * classes][];
        for (int k = 0; k < classes; k++) {
            float[][] ofClass = model.sample(SIDE, 1.0, seed + k, Condition.repeated(k, SIDE));
            for (int r = 0; r < SIDE; r++) {
                out[r * classes + k] = ofClass[r];
            }
        }
        return new SampleGrid(out, classes);
    }
}
