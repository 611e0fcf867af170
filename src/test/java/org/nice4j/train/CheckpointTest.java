package org.nice4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.data.Condition;
import org.nice4j.data.ContinuousExamples;
import org.nice4j.data.ToyDensities;
import org.nice4j.model.DensityModel;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Presets;

class CheckpointTest {
    @TempDir
    Path dir;

    /**
     * Restored optimizer state must live in memory of its own: state that aliased the staging buffers it was read
     * into would be overwritten once those are collected and their memory reused.
     */
    @Test
    void restoredOptimizerStateSurvivesGarbageCollection() {
        Presets.Preset toy = Presets.get("nice-toy");
        TrainingConfig config = TrainingConfig.paper(1, 0);
        Path file = dir.resolve("c.nice4j");
        Map<String, float[]> saved = new LinkedHashMap<>();
        try (FlowModel model = FlowModel.create(toy, Device.cpu(), 0)) {
            Optimizer optimizer = config.optimizer().create(model.parameters());
            ContinuousExamples data = new ContinuousExamples(ToyDensities.twoMoons(100, 0.05, 1), 2);
            int[] all = java.util.stream.IntStream.range(0, 100).toArray();
            new TrainingStep(model, optimizer).run(data.batch(all, new SplittableRandom(1)), Condition.NONE, 100, 1e-3, 0.5);
            optimizer.state().forEach((name, a) -> saved.put(name, a.toFloatArray()));
            Checkpoint.save(file, model, optimizer, config, TrainingState.start(), Map.of());
        }
        Checkpoint.Restored restored = Checkpoint.load(file, Device.cpu());
        try (DensityModel model = restored.model()) {
            Optimizer optimizer = restored.restoreOptimizer();
            List<ByteBuffer> pressure = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                System.gc();
                for (int i = 0; i < 50; i++) {
                    ByteBuffer b = ByteBuffer.allocateDirect(64 * 1024);
                    while (b.hasRemaining()) {
                        b.put((byte) 0x7F);
                    }
                    pressure.add(b);
                }
            }
            for (Map.Entry<String, NDArray> e : optimizer.state().entrySet()) {
                assertArrayEquals(saved.get(e.getKey()), e.getValue().toFloatArray(), 0f, e.getKey());
            }
        }
    }
}
