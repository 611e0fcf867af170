package org.nice4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.ImageShape;
import org.nice4j.InvalidSettingException;
import org.nice4j.data.Condition;
import org.nice4j.engine.Host;
import org.nice4j.io.ModelFile;
import org.nice4j.nn.Init;
import org.nice4j.prior.ClassConditionalGaussian;
import org.nice4j.prior.PriorKind;
import org.nice4j.transform.Composite;
import org.nice4j.transform.GinCoupling;
import org.nice4j.transform.Permutation;
import org.nice4j.transform.Squeeze;
import org.nice4j.transform.Transform;
import org.nice4j.transform.Transformed;

/**
 * The {@code gin-mnist} preset is GIN's EMNIST architecture (appendix D, Table 3), built from stages, and configs
 * written before stages existed still read back as they were.
 */
class GinMnistPresetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void buildsTable3WithThePapersParameterCount() {
        try (FlowModel model = FlowModel.create(Presets.get("gin-mnist"), Device.cpu(), 3)) {
            List<Transform> steps = ((Composite) model.transform()).steps();
            assertEquals(2, steps.stream().filter(Squeeze.class::isInstance).count());
            assertEquals(10, steps.stream().filter(Permutation.class::isInstance).count());
            assertEquals(20, steps.stream().filter(GinCoupling.class::isInstance).count());
            // two coupling networks per block; a 3x3 conv layer has in·9·out weights and out biases
            long conv1 = conv(2, 16) + conv(16, 16) + conv(16, 4);
            long conv2 = conv(8, 32) + conv(32, 32) + conv(32, 16);
            long fc = dense(392, 392) + dense(392, 392) + dense(392, 784);
            long expected = 4 * 2 * conv1 + 4 * 2 * conv2 + 2 * 2 * fc;
            System.out.printf("gin-mnist parameters: %,d (GIN appendix D: 2,620,192)%n", model.parameterCount());
            assertEquals(2_620_192L, expected, "the hand count agrees with the paper's");
            assertEquals(expected, model.parameterCount());
        }
    }

    /**
     * Weights moved by up to ±0.02 give latents of a few units (|h| ≈ 3 on [0, 1) inputs); at ±0.05 the 20 couplings
     * saturate their scales, |h| reaches ~500 and float32 rounding alone puts the round trip at ~1e−3 absolute.
     */
    @Test
    void invertsAndIsVolumePreserving() {
        try (FlowModel model = FlowModel.create(Presets.get("gin-mnist"), Device.cpu(), 3);
                NDManager scope = model.manager().newSubManager()) {
            perturb(model, 0.02f);
            NDArray x = Host.matrix(scope, rows(2, 784, 5));
            Transformed h = model.transform().forward(x);
            assertArrayEquals(new float[] {0f, 0f}, h.logDet().toFloatArray(), "GIN log|det| is exactly 0");
            assertTrue(h.value().sub(x).abs().max().getFloat() > 1e-2, "the perturbed flow is not the identity");
            float[] back = model.transform().inverse(h.value()).value().toFloatArray();
            assertArrayEquals(x.toFloatArray(), back, 1e-4f, "inverse(forward(x))");
        }
    }

    @Test
    void roundTripsThroughAModelFile() {
        try (FlowModel model = FlowModel.create(Presets.get("gin-mnist"), Device.cpu(), 3)) {
            perturb(model, 0.05f);
            float[][] rows = rows(4, 784, 9);
            double[] before = model.logProb(rows);
            Path file = dir.resolve("gin.nice4j");
            ModelFile.save(model, Map.of(), file);
            try (FlowModel loaded = ModelFile.load(file, Device.cpu()).flow()) {
                assertEquals(model.architecture(), loaded.architecture());
                assertArrayEquals(before, loaded.logProb(rows), 0, "log p after reloading");
            }
            assertTrue(java.util.Arrays.stream(before).allMatch(Double::isFinite), "finite log-densities");
        }
    }

    @Test
    void presetIsClassConditionalOverTheTenDigits() {
        try (FlowModel flow = FlowModel.create(Presets.get("gin-mnist"), Device.cpu(), 3);
                NDManager scope = flow.manager().newSubManager()) {
            assertEquals(ClassConditionalGaussian.Moments.MINIBATCH, ((ClassConditionalGaussian) flow.prior()).moments());
            assertEquals(10, flow.prior().classes());
            assertEquals(20, ((Composite) flow.transform()).steps().stream().filter(GinCoupling.class::isInstance)
                    .count());
            NDArray lp = flow.trainingLogProb(Host.matrix(scope, rows(2, 784, 1)), Condition.labels(3, 7));
            for (float v : lp.toFloatArray()) {
                assertTrue(Float.isFinite(v), "log p(x | u)");
            }
        }
    }

    @Test
    void flatPresetsRoundTripWithoutStageFields() throws Exception {
        for (String name : List.of("nice-mnist", "realnvp-mnist", "nice-toy")) {
            ModelConfig config = Presets.get(name).flow();
            JsonNode json = JSON.valueToTree(config);
            assertFalse(json.has("image") || json.has("stages"), name + " is written as before stages: " + json);
            assertEquals(config, JSON.treeToValue(json, ModelConfig.class), name);
        }
    }

    @Test
    void readsAConfigWrittenBeforeStages() throws Exception {
        String old = "{\"dimension\":784,\"coupling\":\"additive\",\"couplings\":4,\"partition\":\"odd-even\","
                + "\"network\":{\"hidden\":1000,\"depth\":5,\"init\":\"uniform\",\"initScale\":0.01,"
                + "\"zeroLast\":false},\"scaling\":true,\"prior\":\"logistic\",\"clamp\":0.0,\"permutationSeed\":null}";
        assertEquals(Presets.get("nice-mnist").flow(), JSON.readValue(old, ModelConfig.class));
    }

    @Test
    void stagedConfigMistakesAreUsageErrors() {
        NetworkConfig n = new NetworkConfig(8, 1, Init.HE, 0, true);
        ImageShape image = new ImageShape(1, 4, 4);
        Stage conv = new Stage(StageKind.CONV_BLOCKS, 1, List.of(4));
        Stage squeeze = new Stage(StageKind.SQUEEZE, 0, null);
        assertThrows(InvalidSettingException.class, () -> staged(n, 4, image, List.of(squeeze, conv)), "couplings given");
        assertThrows(InvalidSettingException.class, () -> staged(n, 0, image, List.of(conv)), "conv on one channel");
        assertThrows(InvalidSettingException.class, () -> staged(n, 0, image, List.of(squeeze, squeeze, squeeze)),
                "squeeze of an odd size");
        ModelConfig small = staged(n, 0, new ImageShape(1, 2, 2), List.of(squeeze));
        assertThrows(InvalidSettingException.class, () -> FlowModel.create(small, Preprocessing.images(4, 4),
                Device.cpu(), 0).close(), "image size differs from the data's");
        assertThrows(InvalidSettingException.class, () -> new Stage(StageKind.FC_BLOCKS, 1, List.of(8, 9)));
        assertThrows(InvalidSettingException.class, () -> new Stage(StageKind.parse("flatten"), 0, null));
    }

    private static ModelConfig staged(NetworkConfig n, int couplings, ImageShape image, List<Stage> stages) {
        return ModelConfig.fromJson(CouplingKind.GIN, couplings, null, n, false, PriorKind.NORMAL, 2, 1L, image, stages,
                null, null);
    }

    private static long conv(int in, int out) {
        return (long) in * 9 * out + out;
    }

    private static long dense(int in, int out) {
        return (long) in * out + out;
    }

    /** Moves every parameter off its identity initialisation. */
    private static void perturb(FlowModel model, float size) {
        SplittableRandom rng = new SplittableRandom(11);
        for (NDArray p : model.parameters().values()) {
            float[] noise = new float[Math.toIntExact(p.size())];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) rng.nextDouble(-size, size);
            }
            try (NDArray n = Host.array(model.manager(), noise, p.getShape())) {
                p.addi(n);
            }
        }
    }

    private static float[][] rows(int n, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] rows = new float[n][d];
        for (float[] row : rows) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) rng.nextDouble();
            }
        }
        return rows;
    }
}
