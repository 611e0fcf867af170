package org.nice4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.nice4j.AtomicFile;
import org.nice4j.Json;
import org.nice4j.NiceException;
import org.nice4j.data.DataFiles;
import org.nice4j.data.RowReader;
import org.nice4j.data.Rows;
import org.nice4j.engine.Autocast;
import org.nice4j.engine.Precision;
import org.nice4j.io.ModelFile;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Preprocessing;
import org.nice4j.train.Evaluator;
import org.nice4j.train.ScoreQuantiles;
import org.nice4j.train.ScoreStatistics;
import org.nice4j.train.StreamScorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Log-likelihood of every row (or image) of a file under a model, for example to flag unlikely"
                + " rows. Writes one CSV row per input row: row, label (when the data has labels), "
                + "log_likelihood_nats, bits_per_dim (images: of the discrete pixels; tables: −LL/(D ln 2)), and "
                + "flagged with --flag-below-quantile.",
                "The model's own preprocessing applies. Pixels are dequantized with noise fixed by each row's index "
                        + "(the seeded noise of eval): the density of a dequantized image, not of its expected "
                        + "value, which is not a density. The input is read in chunks, so a file larger than memory "
                        + "is scored in constant memory; the output file appears only when complete."})
final class ScoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "Rows to score: a .csv or .npy file, a folder of PNG images, or an IDX folder (its test "
                    + "file).")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Where to write the scores.")
    Path out;

    @Option(names = "--label-column", paramLabel = "NAME",
            description = "The CSV header's column holding labels: copied to the output, not scored.")
    String labelColumn;

    @Option(names = "--flag-below-quantile", paramLabel = "Q",
            description = "Flag rows scoring below the Q-quantile of the model's validation scores (stored in the"
                    + " model file by training), for example 0.01.")
    Double flagQuantile;

    @Option(names = "--json", description = "Print count, mean, standard deviation and quantiles as JSON.")
    boolean json;

    @Option(names = "--batch", defaultValue = "" + Evaluator.BATCH,
            description = "Scoring batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    InferencePrecisionOption precision;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
        if (batch < 1) {
            throw new UsageException("--batch must be at least 1, got " + batch);
        }
        if (flagQuantile != null && !(flagQuantile > 0 && flagQuantile < 1)) {
            throw new UsageException("--flag-below-quantile must be between 0 and 1, got " + flagQuantile);
        }
        Precision format = precision.precision();
        ModelFile.Loaded loaded = model.load(common);
        try (FlowModel flow = loaded.flow(); RowReader reader = DataFiles.open(data, labelColumn);
                Autocast cast = precision.block()) {
            double threshold = flagQuantile == null ? Double.NaN : threshold(loaded.provenance(), flagQuantile);
            ScoreStatistics statistics = new ScoreStatistics();
            long[] flagged = new long[1];
            try (ProgressBar bar = noProgress ? null : progressBar(reader)) {
                AtomicFile.write(out, stream -> {
                    CSVPrinter printer = new CSVPrinter(new OutputStreamWriter(stream, StandardCharsets.UTF_8),
                            CSVFormat.DEFAULT.builder().setHeader(header(reader)).get());
                    Preprocessing pre = flow.preprocessing();
                    List<String> classes = reader.classNames();
                    StreamScorer.score(flow, reader, data.toString(), StreamScorer.chunkRows(batch), batch,
                            (row, chunk, i, ll) -> {
                                boolean flag = ll < threshold || Double.isNaN(ll) && flagQuantile != null;
                                flagged[0] += flag ? 1 : 0;
                                statistics.add(ll);
                                print(printer, record(row, chunk, i, ll, pre, classes, flag));
                                if (bar != null) {
                                    bar.step();
                                }
                            });
                    printer.flush();
                });
            }
            report(statistics, threshold, flagged[0], format);
            return 0;
        }
    }

    private List<Object> record(long row, Rows chunk, int i, double ll, Preprocessing pre, List<String> classes,
            boolean flag) {
        List<Object> r = new ArrayList<>();
        r.add(row);
        if (chunk.hasLabels()) {
            int label = chunk.label(i);
            r.add(classes.isEmpty() ? label : classes.get(label));
        }
        r.add(ll);
        r.add(pre.bitsPerDim(ll));
        if (flagQuantile != null) {
            r.add(flag);
        }
        return r;
    }

    private String[] header(RowReader reader) {
        List<String> names = new ArrayList<>(List.of("row"));
        if (reader.labelled()) {
            names.add("label");
        }
        names.addAll(List.of(FlowModel.LOG_LIKELIHOOD, "bits_per_dim"));
        if (flagQuantile != null) {
            names.add("flagged");
        }
        return names.toArray(String[]::new);
    }

    /** The log-likelihood at probability {@code q} of the validation scores the model file keeps. */
    private double threshold(JsonNode provenance, double q) {
        JsonNode stored = provenance.get(ScoreQuantiles.KEY);
        if (stored == null) {
            throw new NiceException(model.file + ": the model file holds no validation scores (trained before nice4j"
                    + " kept them); --flag-below-quantile needs a model trained by this version");
        }
        try {
            return Json.MAPPER.treeToValue(stored, ScoreQuantiles.class).at(q);
        } catch (IOException | RuntimeException e) {
            throw new NiceException(model.file + ": the stored validation scores are not readable ("
                    + Json.firstLine(e) + ")", e);
        }
    }

    private void report(ScoreStatistics statistics, double threshold, long flagged, Precision format)
            throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("data", data.toString());
        result.put("scores", out.toString());
        result.putAll(statistics.describe());
        result.put("precision", format.id());
        if (flagQuantile != null) {
            result.put("flag_below_quantile", flagQuantile);
            result.put("flag_threshold_nats", threshold);
            result.put("flagged", flagged);
        }
        if (json) {
            console.println(Json.MAPPER.writeValueAsString(result));
            return;
        }
        console.printf(Locale.ROOT, "scored %,d rows of %s into %s: mean log-likelihood %.3f nats (sd %.3f)%s%n",
                statistics.count(), data, out, statistics.mean(), statistics.standardDeviation(),
                format == Precision.FP32 ? "" : " (" + format.id() + " matrix products)");
        if (flagQuantile != null) {
            console.printf(Locale.ROOT, "flagged %,d rows below %.3f nats, the %s-quantile of the validation scores%n",
                    flagged, threshold, flagQuantile);
        }
    }

    private static ProgressBar progressBar(RowReader reader) {
        return new ProgressBarBuilder().setTaskName("score").setInitialMax(reader.size().orElse(-1))
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setUnit(" rows", 1)
                .showSpeed(new DecimalFormat("0")).setSpeedUnit(ChronoUnit.SECONDS).build();
    }

    private static void print(CSVPrinter printer, List<Object> record) {
        try {
            printer.printRecord(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
