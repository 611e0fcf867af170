package org.nice4j.train;

/**
 * One line of metrics.csv.
 *
 * @param trainNll   mean negative log-likelihood of the epoch's minibatches, in nats
 * @param validLl    mean log-likelihood on the validation split, in nats (NaN when there is none)
 */
public record EpochMetrics(int epoch, double trainNll, double validLl, double learningRate, double seconds) {}
