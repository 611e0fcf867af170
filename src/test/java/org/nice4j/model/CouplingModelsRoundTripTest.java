package org.nice4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.io.ModelFile;
import org.nice4j.nn.Init;
import org.nice4j.prior.PriorKind;
import org.nice4j.transform.AffineCoupling;
import org.nice4j.transform.Composite;
import org.nice4j.transform.GinCoupling;
import org.nice4j.transform.Permutation;

/**
 * Models with the RealNVP and GIN couplings build from their configuration and survive a model file: the same
 * log-densities after reloading, including the permutations, which are rebuilt from the stored seed.
 */
class CouplingModelsRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void realNvpMnistPresetBuildsAffineCouplingsAndRoundTrips() {
        try (FlowModel model = FlowModel.create(Presets.get("realnvp-mnist"), Device.cpu(), 3)) {
            assertEquals(4, steps(model).filter(AffineCoupling.class::isInstance).count());
            assertRoundTrip(model, 0.05f);
        }
    }

    @Test
    void ginModelWithPermutationsRoundTripsAndIsVolumePreserving() {
        ModelConfig gin = new ModelConfig(CouplingKind.GIN, 6, PartitionKind.HALVES, new NetworkConfig(10, 2, Init.HE, 0, true), false,
                PriorKind.NORMAL, 2, 42L);
        try (FlowModel model = FlowModel.create(gin, Preprocessing.continuous(10), Device.cpu(), 5)) {
            assertEquals(3, steps(model).filter(Permutation.class::isInstance).count());
            assertEquals(6, steps(model).filter(GinCoupling.class::isInstance).count());
            assertRoundTrip(model, 0.3f);
        }
    }

    private static java.util.stream.Stream<org.nice4j.transform.Transform> steps(FlowModel model) {
        return ((Composite) model.transform()).steps().stream();
    }

    private static int[] rawBits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    /** Moves every parameter off its (identity) initialisation, saves, reloads and compares log p on a batch. */
    private void assertRoundTrip(FlowModel model, float perturbation) {
        ModelNoise.perturb(model, perturbation, 11);
        SplittableRandom rng = new SplittableRandom(12);
        int d = model.dimension();
        float[][] rows = new float[8][d];
        for (float[] row : rows) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) rng.nextDouble();
            }
        }
        double[] before = model.logProb(rows);
        Path file = dir.resolve("model.nice4j");
        ModelFile.save(model, Map.of(), file);
        try (FlowModel loaded = ModelFile.load(file, Device.cpu()).flow()) {
            assertEquals(model.architecture(), loaded.architecture());
            assertEquals(model.tensors().keySet(), loaded.tensors().keySet());
            model.tensors().forEach((name, t) -> assertArrayEquals(rawBits(t.toFloatArray()),
                    rawBits(loaded.tensors().get(name).toFloatArray()), name + " bit for bit"));
            // The same bits and the same permutations make the same arithmetic: log p is equal, not close.
            assertArrayEquals(before, loaded.logProb(rows), 0, "log p after reloading");
        }
        assertTrue(java.util.Arrays.stream(before).allMatch(Double::isFinite), "finite log-densities");
    }
}
