package org.nice4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.Json;
import org.nice4j.data.ContinuousExamples;
import org.nice4j.data.GaussianMixture;
import org.nice4j.io.ModelFile;
import org.nice4j.io.TensorFile;
import org.nice4j.model.FlowModel;
import org.nice4j.model.ModelConfig;
import org.nice4j.model.NetworkConfig;
import org.nice4j.model.Preprocessing;
import org.nice4j.model.Presets;
import org.nice4j.model.WhiteningKind;
import org.nice4j.nn.Init;

/**
 * A run with a whitening stage fits it before the first step, keeps it fixed while the couplings train, and stores it
 * in the model file and the checkpoint, so the reloaded and the resumed model score exactly as the trained one.
 */
class WhitenedRunTest {
    private static final int D = 4;
    private static final GaussianMixture TABLE = GaussianMixture.table(D, 2, 5);
    private static final TrainingConfig CONFIG = new TrainingConfig(2, 100, OptimizerSettings.Adam.standard(), 1e-2,
            List.of(), 3, 600, 0);

    @TempDir
    Path dir;

    @Test
    void everyWhiteningIsStoredWithTheModelAndStaysFixedWhileTheFlowTrains() {
        ContinuousExamples train = new ContinuousExamples(TABLE.sample(600, 1), D);
        ContinuousExamples valid = new ContinuousExamples(TABLE.sample(200, 2), D);
        for (WhiteningKind kind : WhiteningKind.values()) {
            ModelConfig config = Presets.get("tabular").flow().withNetwork(new NetworkConfig(8, 1, Init.HE, 0, true))
                    .withWhitening(kind);
            Path run = dir.resolve(kind.id());
            TrainingRun.Outcome outcome = TrainingRun.start(run, config, Preprocessing.continuous(D), CONFIG,
                    Device.cpu(), new TrainingRun.Data(train, valid, valid), Map.of(), new TrainingListener() {});
            assertTrue(Double.isFinite(outcome.testLogLikelihood()), kind.id());

            JsonNode header = TensorFile.read(run.resolve("model.nice4j"), TensorFile.MODEL).header();
            assertEquals(kind == WhiteningKind.NONE, !header.get("model").has("whitening"), kind.id());
            try (FlowModel model = ModelFile.load(run.resolve("model.nice4j"), Device.cpu()).flow();
                    FlowModel checkpointed = Checkpoint.load(run.resolve("checkpoint.nice4j"), Device.cpu()).model().asFlow().orElseThrow()) {
                assertEquals(kind, model.architecture().config().orElseThrow().whitening());
                assertEquals(kind != WhiteningKind.NONE, model.whitening().isPresent(), kind.id());
                model.whitening().ifPresent(stage -> {
                    assertFalse(stage.statistics().isEmpty(), kind.id() + " keeps its fitted arrays");
                    assertTrue(stage.parameters().isEmpty(), kind.id() + " is not trained");
                    // The best epoch's model and the last epoch's checkpoint hold the same, untrained stage.
                    Map<String, NDArray> later = checkpointed.whitening().orElseThrow().statistics();
                    stage.statistics().forEach((name, array) -> assertArrayEquals(array.toFloatArray(),
                            later.get(name).toFloatArray(), 0, kind.id() + " " + name));
                });
            }
        }
    }

    @Test
    void aModelConfigWithWhiteningReadsBackFromItsJson() throws Exception {
        ModelConfig config = Presets.get("tabular").flow().withWhitening(WhiteningKind.ZCA);
        String json = Json.MAPPER.writeValueAsString(config);
        assertTrue(json.contains("\"whitening\":\"zca\""), json);
        assertEquals(config, Json.MAPPER.readValue(json, ModelConfig.class));
        String none = Json.MAPPER.writeValueAsString(config.withWhitening(WhiteningKind.NONE));
        assertFalse(none.contains("whitening"), none);
        assertEquals(WhiteningKind.STANDARDIZE, Presets.get("tabular").flow().whitening());
        assertEquals(WhiteningKind.NONE, Presets.get("nice-mnist").flow().whitening());
    }
}
