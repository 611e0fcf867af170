package org.nice4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.nice4j.engine.Precision;
import org.nice4j.model.ArchitectureChoices;
import org.nice4j.model.DensityArchitecture;
import org.nice4j.model.Preprocessing;
import org.nice4j.model.Presets;
import org.nice4j.train.TrainingConfig;
import org.nice4j.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a model, keeping the best one on the validation split: a flow by exact maximum "
                + "likelihood, a latent-variable model (VAE, VDAE, L-VDAE) by its evidence lower bound.",
                "Writes RUN_DIR/{model.nice4j, checkpoint.nice4j, metrics.csv, curve.png, samples.png, summary.json}.",
                "Training settings default to the preset's recipe: nice-mnist (the default) starts the scaling layer "
                        + "from the data and trains with Adam 3e-3, warm-up, cosine decay and a weight average; "
                        + "nice-mnist-paper trains as the NICE paper did (RMSProp, lr 1e-3 / 1.0005 per step)."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--preset", defaultValue = "nice-mnist", description = "Architecture (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--epochs", description = "Epochs to train (default: the preset's recipe: 100 for nice-mnist,"
            + " else 10).")
    Integer epochs;

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run folder (default: runs/PRESET-TIMESTAMP).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue the run in RUN_DIR from its checkpoint, with its settings (--epochs may raise the total).")
    Path resume;

    @Option(names = "--seed", defaultValue = "0", description = "Seed for initialisation, order and noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    TrainingOptions training;

    @Option(names = "--hidden", description = "Override the coupling network's width (a VAE's residual blocks' H).")
    Integer hidden;

    @Option(names = "--latent", paramLabel = "M", description = "A latent-variable model's number of latents m.")
    Integer latent;

    @Option(names = "--blocks", paramLabel = "B",
            description = "A residual-projection network's residual blocks before each projection.")
    Integer blocks;

    @Option(names = "--decoder", paramLabel = "KIND", description = "A VDAE's decoder: coupled or decoupled.")
    String decoder;

    @Option(names = "--noise-sigma", paramLabel = "SIGMA",
            description = "A VDAE's or L-VDAE's noise scale σ, fixed (default: learned).")
    Double noiseSigma;

    @Option(names = "--binarize",
            description = "Dynamically binarized images (each pixel 1 with probability pixel/255, drawn afresh every"
                    + " minibatch, fixed per example for evaluation), scored in nats: for latent-variable models with"
                    + " a Bernoulli decoder. Without it, images are dequantized as for the flows.")
    boolean binarize;

    @Option(names = "--whiten", paramLabel = "KIND",
            description = "none, standardize, zca or approximate: the affine stage fitted to the training split in front of"
                    + " the flow, its log-determinant counted in every score (default: the preset's).")
    String whiten;

    @Option(names = "--depth", description = "Override the coupling network's number of hidden layers.")
    Integer depth;

    @Option(names = "--no-progress", description = "No progress bar (one line per epoch only).")
    boolean noProgress;

    @Mixin
    DataOptions data;

    @Mixin
    SplitOptions split;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        TrainingRun.Outcome outcome;
        try (ProgressListener listener = new ProgressListener(console, !noProgress, new StopOnSignal().install())) {
            outcome = resume != null ? resume(console, listener) : start(console, listener);
        }
        String bits = Double.isNaN(outcome.testBitsPerDim()) ? "" // continuous data has no bits per dimension
                : String.format(Locale.ROOT, " (%.4f bits/dim)", outcome.testBitsPerDim());
        if (Double.isNaN(outcome.testLogLikelihood())) { // a run without a test split (gin-toy)
            console.printf(Locale.ROOT, "kept the model of epoch %d; run in %s%n", outcome.state().bestEpoch(),
                    outcome.run().dir());
        } else {
            console.printf(Locale.ROOT, "test log-likelihood %.2f nats%s with the best model (epoch %d); run in %s%n",
                    outcome.testLogLikelihood(), bits, outcome.state().bestEpoch(), outcome.run().dir());
        }
        return 0;
    }

    private TrainingRun.Outcome resume(PrintWriter console, ProgressListener listener) {
        console.println("resuming " + resume);
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        return TrainingRun.resume(resume, epochs != null ? epochs : 0, common.device(),
                (provenance, preprocessing) -> {
                    data.defaultTo(provenance, given, split);
                    return data.forModel(preprocessing, split);
                }, listener);
    }

    private TrainingRun.Outcome start(PrintWriter console, ProgressListener listener) {
        Presets.Preset p = Presets.get(preset);
        DensityArchitecture model = p.model().adjusted(new ArchitectureChoices(hidden, depth, blocks, latent, whiten,
                decoder, noiseSigma));
        Preprocessing presetPre = binarize ? p.preprocessing().binarize() : p.preprocessing();
        model.checkData(presetPre);
        DataOptions.RunInput input = data.forPreset(presetPre, split);
        TrainingRun.Data runData = input.data();
        TrainingConfig config = training.settings().resolve(p.epochsOr(epochs), seed, p.training(),
                runData.train().size());
        Path dir = out != null ? out : Path.of("runs", preset + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        console.printf(Locale.ROOT, "training %s (%,d examples, valid %,d, test %,d) into %s%n", preset,
                runData.train().size(), runData.valid().size(), runData.test().size(), dir);
        console.printf(Locale.ROOT, "%s, lr %.3g, batch %d%s%s%s%s%s, %s%n", config.optimizer().describe(),
                config.learningRate(), config.batchSize(), config.noise() > 0 ? ", noise σ " + config.noise() : "",
                config.precision() == Precision.FP32 ? "" : ", " + config.precision().id() + " matrix products",
                config.schedules().stream().map(r -> ", " + r.describe()).collect(Collectors.joining()),
                config.initExamples() > 0 ? ", scaling started from " + config.initExamples() + " examples" : "",
                config.averageDecay() > 0 ? ", weights averaged with decay " + config.averageDecay() : "",
                model.describe());
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("preset", preset);
        data.describe(provenance, presetPre, split);
        provenance.put("command", "nice4j " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        provenance.put("nice4j", Version.nice4j());
        provenance.put("machine", Machine.describe());
        return TrainingRun.start(dir, model, input.preprocessing(), config, common.device(), runData, provenance,
                listener);
    }
}
