package org.nice4j.engine;

import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch records gradients per thread and starts every new thread recording; DJL switches recording off only on
 * the thread that loads the engine. A thread of one's own that loads or runs models must switch it off too, or
 * loading parameters in place fails ("a leaf Variable that requires grad is being used in an in-place operation")
 * and every operation keeps a graph.
 */
public final class InferenceThreads {
    private InferenceThreads() {}

    /** Call first on a new thread that will use models: gradients are recorded only inside a GradientCollector. */
    public static void recordNoGradients() {
        Devices.prepareThread();
        JniUtils.setGradMode(false);
    }
}
