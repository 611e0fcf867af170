package org.nice4j.train;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.nice4j.AtomicFile;
import org.nice4j.Json;
import org.nice4j.NiceException;
import org.nice4j.viz.Charts;

/** The files a training run leaves behind, and how each is written (always atomically). */
public record RunDirectory(Path dir) {
    /** The best-on-validation model: what the run keeps. */
    public Path model() {
        return dir.resolve("model.nice4j");
    }

    public Path checkpoint() {
        return dir.resolve("checkpoint.nice4j");
    }

    public Path metrics() {
        return dir.resolve("metrics.csv");
    }

    public Path curve() {
        return dir.resolve("curve.png");
    }

    public Path samples() {
        return dir.resolve("samples.png");
    }

    public Path summary() {
        return dir.resolve("summary.json");
    }

    public void writeMetrics(List<EpochMetrics> history) {
        StringBuilder csv = new StringBuilder("epoch,train_nll,valid_ll,learning_rate,seconds\n");
        for (EpochMetrics m : history) {
            csv.append(String.format(Locale.ROOT, "%d,%.4f,%.4f,%.6g,%.2f%n", m.epoch(), m.trainNll(), m.validLl(),
                    m.learningRate(), m.seconds()));
        }
        writeText(metrics(), csv.toString());
    }

    /** Training and validation log-likelihood per epoch (the training NLL is negated so both read "higher is better"). */
    public void writeCurve(List<EpochMetrics> history) {
        double[] epochs = history.stream().mapToDouble(EpochMetrics::epoch).toArray();
        LinkedHashMap<String, double[][]> series = new LinkedHashMap<>();
        series.put("train log-likelihood", new double[][] {epochs,
                history.stream().mapToDouble(m -> -m.trainNll()).toArray()});
        if (history.stream().anyMatch(m -> Double.isFinite(m.validLl()))) {
            series.put("validation log-likelihood", new double[][] {epochs,
                    history.stream().mapToDouble(EpochMetrics::validLl).toArray()});
        }
        Charts.lineChart("Training curve", "epoch", "log-likelihood (nats)", series, curve());
    }

    public void writeSummary(Map<String, Object> summary) {
        try {
            writeText(summary(), Json.PRETTY.writeValueAsString(summary) + "\n");
        } catch (IOException e) {
            throw new NiceException(summary() + ": cannot write (" + e.getMessage() + ")");
        }
    }

    /** Replaces {@code file} atomically: a failed write leaves the previous file as it was and nothing beside it. */
    static void writeText(Path file, String text) {
        writeText(file, text, UnaryOperator.identity());
    }

    /** As {@link #writeText(Path, String)}, with {@code wrap} around the file's raw stream (tests inject failures). */
    static void writeText(Path file, String text, UnaryOperator<OutputStream> wrap) {
        try {
            AtomicFile.write(file, out -> {
                OutputStream wrapped = wrap.apply(out);
                wrapped.write(text.getBytes(StandardCharsets.UTF_8));
                wrapped.flush();
            });
        } catch (IOException e) {
            throw new NiceException(file + ": cannot write (" + e.getMessage() + ")");
        }
    }
}
