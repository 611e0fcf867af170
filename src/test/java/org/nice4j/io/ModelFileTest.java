package org.nice4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.NiceException;
import org.nice4j.data.ToyDensities;
import org.nice4j.model.FlowModel;
import org.nice4j.model.ModelConfig;
import org.nice4j.model.NetworkConfig;
import org.nice4j.model.PartitionKind;
import org.nice4j.model.Preprocessing;
import org.nice4j.nn.Init;
import org.nice4j.prior.PriorKind;
import org.nice4j.train.Checkpoint;

class ModelFileTest {
    private static final ModelConfig SMALL = ModelConfig.nice(3, PartitionKind.ODD_EVEN,
            new NetworkConfig(16, 2, Init.UNIFORM, 0.5, false), true, PriorKind.LOGISTIC);

    @TempDir
    Path dir;

    @Test
    void reloadGivesBitIdenticalLogProbAndKeepsProvenance() {
        Path file = dir.resolve("m.nice4j");
        float[] rows = ToyDensities.twoMoons(9, 0.1, 1);
        float[] x = new float[3 * 6];
        System.arraycopy(rows, 0, x, 0, x.length);
        float[] before;
        try (FlowModel m = FlowModel.create(SMALL, Preprocessing.continuous(6), Device.cpu(), 42)) {
            m.scaling().orElseThrow().logScale().addi(0.25f);
            try (NDManager s = m.manager().newSubManager()) {
                before = m.logProb(s.create(x, new Shape(3, 6))).toFloatArray();
            }
            ModelFile.save(m, Map.of("seed", 42, "note", "test"), file);
        }
        ModelFile.Loaded loaded = ModelFile.load(file, Device.cpu());
        try (FlowModel m = loaded.flow(); NDManager s = m.manager().newSubManager()) {
            assertArrayEquals(before, m.logProb(s.create(x, new Shape(3, 6))).toFloatArray(), 0f);
            assertEquals(SMALL, m.architecture());
            assertEquals(42, loaded.provenance().get("seed").asInt());
        }
    }

    @Test
    void corruptedModelFileIsAOneLineErrorNamingTheFile() throws Exception {
        Path file = dir.resolve("m.nice4j");
        try (FlowModel m = FlowModel.create(SMALL, Preprocessing.continuous(6), Device.cpu(), 1)) {
            ModelFile.save(m, Map.of(), file);
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 100] ^= 0x5A;
        Files.write(file, bytes);
        NiceException e = assertThrows(NiceException.class, () -> ModelFile.load(file, Device.cpu()));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("corrupted"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void checkpointIsNotAModel() {
        Path file = dir.resolve("c.nice4j");
        try (FlowModel m = FlowModel.create(SMALL, Preprocessing.continuous(6), Device.cpu(), 1)) {
            org.nice4j.train.TrainingConfig config = org.nice4j.train.TrainingConfig.paper(1, 0);
            Checkpoint.save(file, m, config.optimizer().create(m.parameters()),
                    new org.nice4j.train.WeightAverage(m.parameters(), 0), config,
                    org.nice4j.train.TrainingState.start(), Map.of());
        }
        NiceException e = assertThrows(NiceException.class, () -> ModelFile.load(file, Device.cpu()));
        assertTrue(e.getMessage().contains("expected a model"), e.getMessage());
    }

    @Test
    void parametersOfAnotherArchitectureAreRefused() {
        Path file = dir.resolve("m.nice4j");
        try (FlowModel m = FlowModel.create(SMALL, Preprocessing.continuous(6), Device.cpu(), 1)) {
            ModelFile.save(m, Map.of(), file);
        }
        TensorFile.Contents c = TensorFile.read(file, TensorFile.MODEL);
        c.tensors().remove("0.m.w0");
        TensorFile.write(file, TensorFile.MODEL, c.header(), c.tensors());
        NiceException e = assertThrows(NiceException.class, () -> ModelFile.load(file, Device.cpu()));
        assertTrue(e.getMessage().contains("'0.m.w0' is missing"), e.getMessage());
    }
}
