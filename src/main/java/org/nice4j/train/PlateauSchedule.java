package org.nice4j.train;

/**
 * "Train until the loss converges, then divide the learning rate by 10 and train again" (GIN §4.3.1) as a rule:
 * after {@code patience} epochs without the epoch loss improving on its best by more than {@code minImprovement}
 * nats, the rate is divided by {@code factor}, never below {@code floor}.
 */
public final class PlateauSchedule {
    private final double factor;
    private final int patience;
    private final double minImprovement;
    private final double floor;
    private double rate;
    private double best = Double.POSITIVE_INFINITY;
    private int epochsWithoutImprovement;

    public PlateauSchedule(double initial, double factor, int patience, double minImprovement, double floor) {
        if (!(initial > 0) || !(factor > 1) || patience < 1 || !(floor > 0)) {
            throw new IllegalArgumentException("bad plateau schedule: lr " + initial + ", factor " + factor
                    + ", patience " + patience + ", floor " + floor);
        }
        this.rate = initial;
        this.factor = factor;
        this.patience = patience;
        this.minImprovement = minImprovement;
        this.floor = floor;
    }

    public double rate() {
        return rate;
    }

    /** Records an epoch's mean loss; returns whether the rate was just reduced. */
    public boolean observe(double epochLoss) {
        if (epochLoss < best - minImprovement) {
            best = epochLoss;
            epochsWithoutImprovement = 0;
            return false;
        }
        epochsWithoutImprovement++;
        if (epochsWithoutImprovement < patience || rate <= floor) {
            return false;
        }
        rate = Math.max(floor, rate / factor);
        epochsWithoutImprovement = 0;
        best = epochLoss;
        return true;
    }
}
