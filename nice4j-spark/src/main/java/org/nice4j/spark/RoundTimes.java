package org.nice4j.spark;

/**
 * The rounds' wall-clock time on the driver and the part of it the slowest worker spent training; the rest is
 * communication and coordination (staging and broadcasting the model, scheduling, reducing the results, the update).
 */
public final class RoundTimes {
    private int rounds;
    private double wallSeconds;
    private double computeSeconds;

    void add(double wall, double compute) {
        rounds++;
        wallSeconds += wall;
        computeSeconds += compute;
    }

    public int rounds() {
        return rounds;
    }

    public double meanComputeSeconds() {
        return rounds == 0 ? Double.NaN : computeSeconds / rounds;
    }

    public double meanCommunicationSeconds() {
        return rounds == 0 ? Double.NaN : (wallSeconds - computeSeconds) / rounds;
    }
}
