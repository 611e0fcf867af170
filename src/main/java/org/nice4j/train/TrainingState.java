package org.nice4j.train;

import java.util.List;

/**
 * Where a run stands, saved in every checkpoint: resuming from it replays nothing and skips nothing.
 *
 * @param epoch       0-based index of the epoch in progress
 * @param batch       index of the next minibatch within that epoch
 * @param step        minibatches done since the start (drives the learning-rate schedule)
 * @param epochNllSum sum of the minibatch losses of the epoch so far, and {@code epochBatches} their count
 * @param bestValidLl best validation log-likelihood so far, at {@code bestEpoch} (1-based; 0 = none yet)
 */
public record TrainingState(int epoch, int batch, long step, double epochNllSum, int epochBatches,
        double epochSeconds, double bestValidLl, int bestEpoch, List<EpochMetrics> history) {

    public static TrainingState start() {
        return new TrainingState(0, 0, 0, 0, 0, 0, Double.NEGATIVE_INFINITY, 0, List.of());
    }
}
