package org.nice4j.train;

/**
 * Hears about a run as it goes (progress bars, logs, tests) and may ask it to stop: the trainer polls
 * {@link #stopRequested()} after every minibatch, checkpoints, and ends with {@link RunInterrupted}.
 */
public interface TrainingListener {

    /**
     * An epoch of {@code examples} examples in minibatches of {@code batchSize} starts; {@code firstBatch} is
     * non-zero when a resumed run re-enters it.
     */
    default void epochStarted(int epoch, int epochs, int examples, int batchSize, int firstBatch) {}

    /** A minibatch of {@code examples} examples finished with mean loss {@code nll}. */
    default void batchFinished(int examples, double nll, double learningRate) {}

    default void epochFinished(EpochMetrics metrics, boolean best) {}

    default void checkpointWritten(java.nio.file.Path file) {}

    /** Whether the run should checkpoint and stop now (for example after Ctrl-C). */
    default boolean stopRequested() {
        return false;
    }
}
