package org.nice4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.data.Condition;
import org.nice4j.engine.Host;
import org.nice4j.model.DensityArchitecture;
import org.nice4j.model.DensityModel;
import org.nice4j.model.LvdaeConfig;
import org.nice4j.model.Presets;
import org.nice4j.model.Preprocessing;
import org.nice4j.model.Scoring;
import org.nice4j.model.VdaeConfig;
import org.nice4j.model.VdaeDecoder;
import org.nice4j.model.VdaePosterior;

/**
 * VDAE and L-VDAE model files describe their models as data and reload bit for bit: the same scores from the same
 * draws, every stored array equal, including a learned noise scale moved away from its start.
 */
class VdaeModelFilesTest {
    @TempDir
    Path dir;

    @Test
    void vdaeAndLvdaeReloadBitForBit() {
        Preprocessing data = Preprocessing.images(3, 4).binarize();
        List<DensityArchitecture> architectures = List.of(
                new VdaeConfig(Presets.get("nice-toy").flow(), VdaePosterior.NOISY, VdaeDecoder.DECOUPLED, null, 6, 1),
                new VdaeConfig(Presets.get("nice-toy").flow(), VdaePosterior.LINEARISED, VdaeDecoder.DECOUPLED, 0.2, 6,
                        1),
                new LvdaeConfig(3, 5, 1, null));
        for (DensityArchitecture architecture : architectures) {
            Path file = dir.resolve(architecture.getClass().getSimpleName() + architectures.indexOf(architecture));
            float[] before;
            Map<String, float[]> arrays = new java.util.LinkedHashMap<>();
            try (DensityModel model = architecture.create(data, Device.cpu(), 4)) {
                SplittableRandom rng = new SplittableRandom(5);
                for (NDArray p : model.parameters().values()) {
                    float[] v = p.toFloatArray();
                    for (int i = 0; i < v.length; i++) {
                        v[i] += (float) rng.nextDouble(-0.1, 0.1);
                    }
                    p.set(v);
                }
                model.tensors().forEach((name, a) -> arrays.put(name, a.toFloatArray()));
                before = scores(model);
                ModelFile.save(model, Map.of(), file);
            }
            ModelFile.Loaded loaded = ModelFile.load(file, Device.cpu());
            try (DensityModel model = loaded.model()) {
                assertEquals(architecture, model.architecture());
                assertEquals(arrays.keySet(), model.tensors().keySet());
                model.tensors().forEach((name, a) -> assertArrayEquals(arrays.get(name), a.toFloatArray(), 0f, name));
                assertArrayEquals(before, scores(model), 0f, architecture.describe());
            }
        }
    }

    private static float[] scores(DensityModel model) {
        try (NDManager scope = model.manager().newSubManager()) {
            float[] x = new float[2 * 12];
            for (int i = 0; i < x.length; i++) {
                x[i] = i % 3 == 0 ? 1 : 0;
            }
            Map<String, NDArray> s = model.scores(Host.array(scope, x, new Shape(2, 12)), Condition.NONE,
                    new Scoring(7, 3));
            float[] ll = s.get(DensityModel.LOG_LIKELIHOOD).toFloatArray();
            float[] elbo = model.validationScore(Host.array(scope, x, new Shape(2, 12)), 9).toFloatArray();
            return new float[] {ll[0], ll[1], elbo[0], elbo[1]};
        }
    }
}
