package org.nice4j.spark;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.apache.spark.TaskContext;
import org.nice4j.engine.Devices;
import org.nice4j.engine.InferenceThreads;

/**
 * Readies the engine on a Spark task's thread. Task threads come from Spark's pool, so each must switch libtorch's
 * per-thread gradient recording off itself; and libtorch's own thread pool is sized to the task's CPUs
 * ({@code spark.task.cpus}, default 1), so that the tasks an executor runs at once use its cores, not a multiple.
 */
final class TaskEngine {
    private TaskEngine() {}

    /** Loads the engine if this JVM has not yet, then readies this thread for it (a task's or the driver's). */
    static void prepare() {
        Devices.offline();
        Engine.getEngine("PyTorch");
        InferenceThreads.recordNoGradients();
        TaskContext task = TaskContext.get();
        JniUtils.setNumThreads(task == null ? Runtime.getRuntime().availableProcessors() : task.cpus());
    }
}
