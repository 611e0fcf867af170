package org.nice4j.train;

/**
 * Counts the minibatches a run performs and notes where its first epoch started, so that a test can tell a run that
 * resumed from its checkpoint from one that started over (which, training being deterministic, ends the same).
 */
class CountingListener implements TrainingListener {
    int batches;
    /** The {@code firstBatch} of the first epoch started: non-zero when a resumed run re-entered an epoch. */
    int firstBatch = -1;

    @Override
    public void epochStarted(int epoch, int epochs, int examples, int batchSize, int firstBatch) {
        if (this.firstBatch < 0) {
            this.firstBatch = firstBatch;
        }
    }

    @Override
    public void batchFinished(int examples, double nll, double learningRate) {
        batches++;
    }
}
