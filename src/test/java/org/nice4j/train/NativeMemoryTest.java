package org.nice4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nice4j.ImageShape;
import org.nice4j.data.Condition;
import org.nice4j.model.CouplingKind;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Layout;
import org.nice4j.model.ModelConfig;
import org.nice4j.model.NetworkConfig;
import org.nice4j.model.PartitionKind;
import org.nice4j.model.Preprocessing;
import org.nice4j.model.Stage;
import org.nice4j.model.StageKind;
import org.nice4j.nn.Init;
import org.nice4j.prior.PriorKind;

/**
 * Training frees its native memory when each step ends, not when Java collects: after the first steps (which create
 * the optimizer's state) the arrays the model's manager holds stay the same in number, and no step leaves a direct
 * buffer behind for the garbage collector (DJL stages Java arrays and numbers in fresh direct buffers unless nice4j
 * stages them itself). Counts, not timings or RSS, so the test is deterministic; a collection between the counts
 * could only lower the buffer count.
 */
class NativeMemoryTest {
    private static final int BATCH = 12;
    private static final int STEPS = 8;

    @Test
    void ginConvTrainingStepsHoldNoMoreNativeMemory() {
        Layout.Staged layout = new Layout.Staged(new ImageShape(1, 4, 4), List.of(new Stage(StageKind.SQUEEZE, 0, null),
                new Stage(StageKind.CONV_BLOCKS, 1, List.of(4)), new Stage(StageKind.FC_BLOCKS, 1, List.of(8))));
        ModelConfig config = new ModelConfig(CouplingKind.GIN, layout, new NetworkConfig(8, 1, Init.HE, 0, false),
                false, PriorKind.CLASS_GAUSSIAN, 2, 1L, 2);
        assertStepsAreFlat(config, Preprocessing.images(4, 4), OptimizerSettings.Adam.standard());
    }

    @Test
    void niceTrainingStepsHoldNoMoreNativeMemory() {
        ModelConfig config = ModelConfig.nice(4, PartitionKind.ODD_EVEN, new NetworkConfig(8, 1, Init.HE, 0.01, false),
                true, PriorKind.LOGISTIC);
        assertStepsAreFlat(config, Preprocessing.images(4, 4), OptimizerSettings.RmsProp.paper());
    }

    private static void assertStepsAreFlat(ModelConfig config, Preprocessing preprocessing,
            OptimizerSettings optimizer) {
        try (FlowModel model = FlowModel.create(config, preprocessing, Device.cpu(), 3)) {
            TrainingStep step = new TrainingStep(model, optimizer.create(model.parameters()));
            float[] rows = new float[BATCH * model.dimension()];
            SplittableRandom rng = new SplittableRandom(4);
            for (int i = 0; i < rows.length; i++) {
                rows[i] = (float) rng.nextDouble();
            }
            Condition labels = Condition.labels(IntStream.range(0, BATCH).map(i -> i % 2).toArray());
            for (int i = 0; i < 2; i++) {
                step.run(rows, labels, BATCH, 1e-3, 0.5);
            }
            int arrays = model.manager().getManagedArrays().size();
            long buffers = directBuffers();
            for (int i = 0; i < STEPS; i++) {
                step.run(rows, labels, BATCH, 1e-3, 0.5);
            }
            assertEquals(arrays, model.manager().getManagedArrays().size(), "arrays in the model's manager");
            long left = directBuffers() - buffers;
            assertTrue(left <= 0, STEPS + " training steps left " + left + " direct buffers for the garbage collector");
        }
    }

    private static long directBuffers() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getCount).sum();
    }
}
