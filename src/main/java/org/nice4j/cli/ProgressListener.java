package org.nice4j.cli;

import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.nice4j.train.EpochMetrics;
import org.nice4j.train.TrainingListener;

/** A progress bar per epoch (running NLL, examples/s, ETA) and one summary line per finished epoch. */
final class ProgressListener implements TrainingListener, AutoCloseable {
    private final PrintWriter out;
    private final boolean bar;
    private ProgressBar progress;
    private double runningNll = Double.NaN;
    private int epochs;
    private final StopOnSignal stop;

    ProgressListener(PrintWriter out, boolean bar, StopOnSignal stop) {
        this.out = out;
        this.bar = bar;
        this.stop = stop;
    }

    @Override
    public boolean stopRequested() {
        if (stop.requested()) {
            close();
        }
        return stop.requested();
    }

    /** Stops the bar's refresh thread, so an error line is not overwritten by it. */
    @Override
    public void close() {
        if (progress != null) {
            progress.close();
            progress = null;
        }
    }

    @Override
    public void epochStarted(int epoch, int epochs, int examples, int batchSize, int firstBatch) {
        this.epochs = epochs;
        runningNll = Double.NaN;
        if (bar) {
            progress = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                    .setInitialMax(examples).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                    .setUnit(" ex", 1).showSpeed(new DecimalFormat("0")).setSpeedUnit(ChronoUnit.SECONDS)
                    .build();
            progress.stepTo((long) firstBatch * batchSize);
        }
    }

    @Override
    public void batchFinished(int examples, double nll, double learningRate) {
        runningNll = Double.isNaN(runningNll) ? nll : 0.95 * runningNll + 0.05 * nll;
        if (progress != null) {
            progress.stepBy(examples);
            // the bar prints this right after the rate, "20 ex/s"
            progress.setExtraMessage(String.format(Locale.ROOT, " nll %.1f", runningNll));
        }
    }

    @Override
    public void epochFinished(EpochMetrics m, boolean best) {
        close();
        String valid = Double.isNaN(m.validLl()) ? "" // a run without a validation split (gin-toy)
                : String.format(Locale.ROOT, "  valid ll %.2f%s", m.validLl(), best ? " (best)" : "");
        out.printf(Locale.ROOT, "epoch %d/%d  train nll %.2f%s  lr %.2e  %.1f s%n", m.epoch(), epochs, m.trainNll(),
                valid, m.learningRate(), m.seconds());
        out.flush();
    }
}
