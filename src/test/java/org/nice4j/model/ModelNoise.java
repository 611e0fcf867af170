package org.nice4j.model;

import ai.djl.ndarray.NDArray;
import java.util.SplittableRandom;

/** Moves a model off its initialisation, which for most presets is the identity and hides what a test checks. */
final class ModelNoise {
    private ModelNoise() {}

    /** Adds U(−scale, scale) noise, drawn from {@code seed}, to every parameter. */
    static void perturb(FlowModel model, double scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (NDArray p : model.parameters().values()) {
            float[] noise = new float[Math.toIntExact(p.size())];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) rng.nextDouble(-scale, scale);
            }
            try (NDArray n = model.manager().create(noise, p.getShape())) {
                p.addi(n);
            }
        }
    }
}
