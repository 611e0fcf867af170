package org.nice4j.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.nice4j.Json;
import org.nice4j.data.Examples;
import org.nice4j.data.Rows;
import org.nice4j.engine.Autocast;
import org.nice4j.engine.Precision;
import org.nice4j.io.ModelFile;
import org.nice4j.model.DensityModel;
import org.nice4j.model.Preprocessing;
import org.nice4j.model.Scoring;
import org.nice4j.train.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Mean test (or validation) log-likelihood of a model, in nats and bits/dim, and the scores its prior"
                + " adds: for a class-conditional model on labelled data log p(x | u) given the true labels"
                + " (conditional_log_likelihood_nats) and how often argmax_u p(x | u) is the label (class_accuracy). A"
                + " latent-variable model's log p(x) is estimated by importance sampling, log (1/K) Σ_k p(x, z_k)/q(z_k"
                + " | x), reported with its evidence lower bound (elbo_nats) and K (importance_samples).")
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--split", defaultValue = "test", description = "test, valid or train (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--batch", defaultValue = "" + Evaluator.BATCH, description = "Evaluation batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    InferencePrecisionOption precision;

    @Option(names = "--importance-samples", paramLabel = "K", defaultValue = "5000",
            description = "Importance samples per example for a latent-variable model (default: the VDAE paper's"
                    + " ${DEFAULT-VALUE}); flows are scored exactly.")
    int importanceSamples;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Mixin
    DataOptions data;

    @Mixin
    SplitOptions splitOptions;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        if (batch < 1) {
            throw new UsageException("--batch must be at least 1, got " + batch);
        }
        Precision format = precision.precision();
        Scoring scoring = new Scoring(importanceSamples, 0);
        data.checkDatasetName();
        ModelFile.Loaded loaded = model.load(common);
        try (DensityModel flow = loaded.model()) {
            Preprocessing pre = flow.preprocessing();
            // by default a model is judged on the data it was trained on, split as it was
            data.defaultSourceTo(ModelOption.provenance(loaded), spec.commandLine().getParseResult(), splitOptions);
            Rows rows = DataOptions.split(data.dataSplits(pre, splitOptions), split);
            model.requireMatches(pre, rows, split + " split");
            Examples examples = pre.examples(rows, 0);
            Map<String, Double> scores;
            try (Autocast cast = precision.block(); ProgressBar bar = noProgress ? null : progressBar(rows.size())) {
                scores = Evaluator.meanScores(flow, examples, batch, scoring, done -> {
                    if (bar != null) {
                        bar.stepBy(done);
                    }
                });
            }
            double ll = scores.get(DensityModel.LOG_LIKELIHOOD);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put(DensityModel.LOG_LIKELIHOOD, ll);
            result.put("bits_per_dim", pre.bitsPerDim(ll));
            scores.forEach(result::putIfAbsent);
            result.put("examples", rows.size());
            result.put("split", split);
            result.put("precision", format.id());
            result.put("model", model.file.toString());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.MAPPER.writeValueAsString(result));
            } else {
                out.printf(Locale.ROOT, "%s: %s log-likelihood %.2f nats, %.4f bits/dim over %,d examples%s%n",
                        model.file, split, ll, pre.bitsPerDim(ll), rows.size(),
                        format == Precision.FP32 ? "" : " (" + format.id() + " matrix products)");
                scores.forEach((name, value) -> {
                    if (!name.equals(DensityModel.LOG_LIKELIHOOD)) {
                        out.printf(Locale.ROOT, "  %s %.4f%n", name, value);
                    }
                });
            }
            return 0;
        }
    }

    private static ProgressBar progressBar(int examples) {
        return new ProgressBarBuilder().setTaskName("eval").setInitialMax(examples).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500).setUnit(" examples", 1).build();
    }
}
