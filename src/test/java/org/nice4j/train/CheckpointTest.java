package org.nice4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
     * Restored optimizer state and averaged weights must live in memory of their own: state that aliased the staging
     * buffers it was read into would be overwritten once those are collected and their memory reused.
     */
    @Test
    void restoredOptimizerStateAndAverageSurviveGarbageCollection() {
        Presets.Preset toy = Presets.get("nice-toy");
        TrainingConfig paper = TrainingConfig.paper(1, 0);
        TrainingConfig config = new TrainingConfig(1, 100, paper.optimizer(), 1e-3, paper.schedules(), 0, 600, 0, 0,
                paper.precision(), 0, 0.9);
        Path file = dir.resolve("c.nice4j");
        Map<String, float[]> saved = new LinkedHashMap<>();
        Map<String, float[]> averaged = new LinkedHashMap<>();
        try (FlowModel model = FlowModel.create(toy, Device.cpu(), 0)) {
            Optimizer optimizer = config.optimizer().create(model.parameters());
            ContinuousExamples data = new ContinuousExamples(ToyDensities.twoMoons(100, 0.05, 1), 2);
            int[] all = java.util.stream.IntStream.range(0, 100).toArray();
            WeightAverage average = new WeightAverage(model.parameters(), config.averageDecay());
            average.update(1);
            new TrainingStep(model, optimizer).run(data.batch(all, new SplittableRandom(1)), Condition.NONE, 100, 1e-3, 0.5);
            average.update(2);
            optimizer.state().forEach((name, a) -> saved.put(name, a.toFloatArray()));
            average.state().forEach((name, a) -> averaged.put(name, a.toFloatArray()));
            Checkpoint.save(file, model, optimizer, average, config, TrainingState.start(), Map.of());
        }
        Checkpoint.Restored restored = Checkpoint.load(file, Device.cpu());
        try (DensityModel model = restored.model()) {
            Optimizer optimizer = restored.restoreOptimizer();
            WeightAverage average = restored.restoreAverage();
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
            assertEquals(averaged.keySet(), average.state().keySet());
            for (Map.Entry<String, NDArray> e : average.state().entrySet()) {
                assertArrayEquals(averaged.get(e.getKey()), e.getValue().toFloatArray(), 0f, e.getKey());
            }
        }
    }
}
