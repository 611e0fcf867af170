package org.nice4j.spark;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Function;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;
import org.nice4j.engine.Devices;
import org.nice4j.engine.InferenceThreads;
import org.nice4j.io.ModelFile;
import org.nice4j.model.DensityModel;

/**
 * Readies the engine on a Spark task's thread. Task threads come from Spark's pool, so each must switch libtorch's
 * per-thread gradient recording off itself; and libtorch's own thread pool is sized to the task's CPUs
 * ({@code spark.task.cpus}, default 1), so that the tasks an executor runs at once use its cores, not a multiple.
 */
final class TaskEngine {
    private TaskEngine() {}

    /** Loads the engine if this JVM has not yet, then readies this thread for it (a task's or the driver's). */
    static void prepare() {
        Devices.prepareThread();
        Engine.getEngine("PyTorch");
        InferenceThreads.recordNoGradients();
        TaskContext task = TaskContext.get();
        JniUtils.setNumThreads(task == null ? Runtime.getRuntime().availableProcessors() : task.cpus());
    }

    /**
     * Readies this thread and rebuilds the model of a broadcast model file as {@code kind} (a flow, any model),
     * closed when the task completes.
     */
    static <M extends DensityModel> M load(FileBroadcast shipment, Function<ModelFile.Loaded, M> kind) {
        prepare();
        M model = kind.apply(ModelFile.load(shipment.localCopy(), Device.cpu()));
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) context -> model.close());
        }
        return model;
    }
}
