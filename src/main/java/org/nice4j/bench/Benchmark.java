package org.nice4j.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nice4j.data.Condition;
import org.nice4j.data.Examples;
import org.nice4j.data.HeldRows;
import org.nice4j.data.ImageDataset;
import org.nice4j.data.Rows;
import org.nice4j.data.Table;
import org.nice4j.engine.Autocast;
import org.nice4j.engine.Devices;
import org.nice4j.engine.Host;
import org.nice4j.engine.Precision;
import org.nice4j.model.DensityModel;
import org.nice4j.model.Layout;
import org.nice4j.model.ModelConfig;
import org.nice4j.model.Preprocessing;
import org.nice4j.model.Presets;
import org.nice4j.model.Scoring;
import org.nice4j.train.Evaluator;
import org.nice4j.train.Optimizer;
import org.nice4j.train.StreamScorer;
import org.nice4j.train.TrainingSettings;
import org.nice4j.train.TrainingStep;

/**
 * Throughput of a preset at a given batch size after warm-up: training (forward, backward, optimizer step),
 * log-prob scoring and sampling, plus the engine's SGEMM rate and its matrix-product rate in the benchmark's precision
 * as the ceilings they are measured against. All three measurements compute the coupling networks' products in that
 * precision.
 */
public final class Benchmark {

    /** What one run measures; the JSON keys are part of the CLI's contract. */
    public record Result(String preset, String device, Precision precision, int batch, int threads,
            double trainExamplesPerS, double scoreExamplesPerS, double evalExamplesPerS, double streamedScoreRowsPerS,
            double sampleExamplesPerS, double sgemmGflops, double gemmGflops, Double trainGflops, Double evalGflops,
            double peakRssMb, TrainingStep.PhaseTimes trainPhases) {

        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("preset", preset);
            m.put("device", device);
            m.put("precision", precision.id());
            m.put("batch", batch);
            m.put("threads", threads);
            m.put("train_examples_per_s", round(trainExamplesPerS));
            m.put("train_forward_ms", round(trainPhases.forwardMs()));
            m.put("train_backward_ms", round(trainPhases.backwardMs()));
            m.put("train_update_ms", round(trainPhases.updateMs()));
            m.put("score_examples_per_s", round(scoreExamplesPerS));
            m.put("eval_examples_per_s", round(evalExamplesPerS));
            // a latent-variable model is not a streamed scorer's: no rate rather than a zero
            m.put("streamed_score_rows_per_s",
                    Double.isNaN(streamedScoreRowsPerS) ? null : round(streamedScoreRowsPerS));
            m.put("sample_examples_per_s", round(sampleExamplesPerS));
            m.put("sgemm_gflops", round(sgemmGflops));
            m.put("gemm_gflops", round(gemmGflops));
            m.put("train_gflops", trainGflops == null ? null : round(trainGflops));
            m.put("fraction_of_sgemm", fraction(sgemmGflops));
            m.put("fraction_of_gemm", fraction(gemmGflops));
            m.put("eval_gflops", evalGflops == null ? null : round(evalGflops));
            m.put("eval_fraction_of_gemm",
                    evalGflops == null ? null : Math.round(evalGflops / gemmGflops * 1000) / 1000.0);
            m.put("peak_rss_mb", round(peakRssMb));
            return m;
        }

        /** The training rate as a fraction of a product rate; null where no GFLOP figure is given. */
        private Double fraction(double ceiling) {
            return trainGflops == null ? null : Math.round(trainGflops / ceiling * 1000) / 1000.0;
        }

        private static double round(double v) {
            return Math.round(v * 10) / 10.0;
        }
    }

    /**
     * Untimed calls before each measurement. The first passes of a shape are several times slower (the engine sets up
     * its kernels and buffers); with one warm-up call gin-mnist's scoring read 129 examples/s instead of about 600.
     */
    private static final int WARMUP = 3;
    private static final int TURNS = 2;
    /**
     * The fewest timed calls of each inference measurement. With three (gin-mnist at {@code --steps 5}) a scoring rate
     * rested on a third of a second and moved by 30% from run to run; the peers time ten.
     */
    private static final int MIN_INFERENCE_CALLS = 10;
    /**
     * How a latent-variable model is scored in the evaluation measurement: 100 importance samples per example, so that
     * its rate is that of K = 100 (K = 5000 is 50 times slower per example, at the same products per second).
     */
    public static final Scoring EVAL_SCORING = new Scoring(100, 0);

    private final String preset;
    private final Device device;
    private final Precision precision;
    private final int batch;
    private final int steps;

    public Benchmark(String preset, Device device, Precision precision, int batch, int steps) {
        this.preset = preset;
        this.device = device;
        this.precision = precision;
        this.batch = batch;
        this.steps = steps;
    }

    /**
     * A training step with the optimizer the preset trains with (RMSProp for nice-mnist-paper, as the PyTorch peer
     * trains; Adam for nice-mnist's default recipe and for GIN): its state is part of the cost.
     */
    static TrainingStep paperStep(DensityModel model, Presets.Preset preset, Precision precision) {
        Optimizer optimizer = TrainingSettings.NONE.resolve(1, 0, preset.training(), 1).optimizer()
                .create(model.parameters());
        return new TrainingStep(model, optimizer, precision);
    }

    public Result run() {
        Devices.prepareThread(); // before the product measurement starts the engine's workers
        Presets.Preset p = Presets.get(preset);
        int d = p.preprocessing().dimension();
        float[] rows = uniformRows(batch * d, 1);
        double sgemm = gemmGflops(Precision.FP32);
        double gemm = precision == Precision.FP32 ? sgemm : gemmGflops(precision);
        try (DensityModel model = p.model().create(p.preprocessing(), device, 0)) {
            TrainingStep step = paperStep(model, p, precision);
            Condition labels = labels(model, batch);
            for (int i = 0; i < WARMUP; i++) {
                step.run(rows, labels, batch, 1e-4, 0.0);
            }
            step.resetPhaseTimes();
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                step.run(rows, labels, batch, 1e-4, 0.0);
            }
            double train = rate(batch * (long) steps, t0);
            TrainingStep.PhaseTimes phases = step.phaseTimes();
            double score;
            double sample;
            double[] evalAndStreamed;
            try (Autocast cast = Autocast.frozen(precision)) {
                score = scoring(model, rows);
                Rows data = rawRows(model.preprocessing(), batch * inferenceCalls());
                evalAndStreamed = evaluationAndStreamedScoring(model, data);
                sample = sampling(model);
            }
            // 6 flops per weight and example holds for dense layers only; a convolution reuses its weights at every
            // pixel, so staged (convolutional) layouts report no GFLOP figure rather than a wrong one.
            Double gflops = denseOnly(p) ? train * 6.0 * DensityModel.matrixWeights(model.parameters()) / 1e9 : null;
            Double evalGflops = denseOnly(p)
                    ? evalAndStreamed[0] * 2.0 * model.scoringMultiplyAdds(EVAL_SCORING) / 1e9 : null;
            return new Result(preset, device.getDeviceType(), precision, batch,
                    Runtime.getRuntime().availableProcessors(), train, score, evalAndStreamed[0], evalAndStreamed[1],
                    sample, sgemm, gemm, gflops, evalGflops, peakRssMb(), phases);
        }
    }

    /** Timed calls of scoring and sampling (and batches of the evaluation): half the training steps, at least ten. */
    private int inferenceCalls() {
        return Math.max(MIN_INFERENCE_CALLS, steps / 2);
    }

    /** Whether every weight is a dense layer's, used once per example (not a convolution's, reused per pixel). */
    private static boolean denseOnly(Presets.Preset p) {
        return !(p.model() instanceof ModelConfig flow) || flow.layout() instanceof Layout.Flat;
    }

    /** The model's validation score (a flow's log p(x), a latent-variable model's one-draw bound) per example. */
    private double scoring(DensityModel model, float[] rows) {
        int reps = inferenceCalls();
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray x = Host.array(scope, rows, new Shape(batch, model.dimension()));
            long t0 = 0;
            for (int i = -WARMUP; i < reps; i++) {
                t0 = i == 0 ? System.nanoTime() : t0;
                try (NDManager inner = scope.newSubManager()) {
                    NDArray xi = x.duplicate();
                    xi.attach(inner);
                    model.validationScore(xi, i).toFloatArray();
                }
            }
            return rate(batch * (long) reps, t0);
        }
    }

    /**
     * What {@code eval} does per example (dequantize pixels, score a held set in batches of this run's size) and what
     * {@code score} does per row, file reading and writing aside (the same rows handed over in chunks), measured in
     * turn after an untimed pass of each; each rate is the best of {@value #TURNS} turns, so that a burst of load on a
     * shared machine does not decide which looks faster.
     */
    private double[] evaluationAndStreamedScoring(DensityModel model, Rows data) {
        Examples examples = model.preprocessing().examples(data, 0);
        StreamScorer.RowScores ignore = (row, chunk, i, ll) -> { };
        double[] best = new double[2];
        for (int turn = -1; turn < TURNS; turn++) {
            long t0 = System.nanoTime();
            Evaluator.meanScores(model, examples, batch, EVAL_SCORING, done -> { });
            double eval = rate(data.size(), t0);
            t0 = System.nanoTime();
            model.asFlow().ifPresent(flow -> StreamScorer.score(flow, new HeldRows(data), preset,
                    StreamScorer.chunkRows(batch), batch, ignore));
            double streamed = model.asFlow().isPresent() ? rate(data.size(), t0) : Double.NaN;
            if (turn >= 0) {
                best[0] = Math.max(best[0], eval);
                best[1] = Math.max(best[1], streamed);
            }
        }
        return best;
    }

    /** {@code n} examples of the kind the model takes, before preprocessing: random pixels, or uniform values. */
    private static Rows rawRows(Preprocessing pre, int n) {
        if (!pre.isImage()) {
            return new Table(pre.toString(), pre.dimension(), uniformRows(n * pre.dimension(), 4), null);
        }
        byte[] pixels = new byte[n * pre.dimension()];
        new SplittableRandom(4).nextBytes(pixels);
        return new ImageDataset("random", pre.channels(), pre.height(), pre.width(), pixels, null);
    }

    private double sampling(DensityModel model) {
        int reps = inferenceCalls();
        long t0 = 0;
        for (int i = -WARMUP; i < reps; i++) {
            t0 = i == 0 ? System.nanoTime() : t0;
            model.sample(batch, 1.0, i);
        }
        return rate(batch * (long) reps, t0);
    }

    /**
     * A 2048² matrix product through the same engine, its operands already in {@code format}: the ceiling for dense
     * layers on this machine (the networks also pay for rounding their float32 operands).
     */
    private double gemmGflops(Precision format) {
        int n = 2048;
        try (NDManager m = NDManager.newBaseManager(device, "PyTorch")) {
            NDArray a = format.operand(Host.array(m, uniformRows(n * n, 2), new Shape(n, n)));
            NDArray b = format.operand(Host.array(m, uniformRows(n * n, 3), new Shape(n, n)));
            for (int i = 0; i < 3; i++) {
                a.matMul(b).close();
            }
            int reps = 10;
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                a.matMul(b).close(); // eager: the product is complete when matMul returns
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return 2.0 * n * n * (double) n * reps / seconds / 1e9;
        }
    }

    /** Rows labelled with the prior's classes in turn (all 0 when it reads none, and then ignored). */
    static Condition labels(DensityModel model, int batch) {
        return Condition.labels(IntStream.range(0, batch).map(i -> i % Math.max(1, model.classes())).toArray());
    }

    static float[] uniformRows(int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) rng.nextDouble();
        }
        return v;
    }

    private static double rate(long examples, long startNanos) {
        return examples / ((System.nanoTime() - startNanos) / 1e9);
    }

    /** VmHWM from /proc: the process's peak resident set, native memory included. */
    static double peakRssMb() {
        return ProcessMemory.peakResidentMb();
    }
}
