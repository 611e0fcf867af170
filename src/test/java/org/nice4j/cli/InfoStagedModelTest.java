package org.nice4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.io.ModelFile;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Presets;

/** {@code info} describes a staged model by its stages, not by the flat layout's unused fields. */
class InfoStagedModelTest {
    @TempDir
    Path dir;

    @Test
    void infoListsTheStagesOfGinMnist() {
        Path file = dir.resolve("gin.nice4j");
        try (FlowModel model = FlowModel.create(Presets.get("gin-mnist"), Device.cpu(), 1)) {
            ModelFile.save(model, Map.of(), file);
        }
        CliFixture.Result r = CliFixture.run("info", "--model", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("gin stages on (1, 28, 28): squeeze, 4 conv-blocks [16, 16], squeeze,"
                + " 4 conv-blocks [32, 32], 2 fc-blocks [392, 392] (he init), class-gaussian (10 classes) prior"), r.out());
        assertTrue(r.out().contains("2,620,192"), r.out());
    }
}
