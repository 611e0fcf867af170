package org.nice4j.bench;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.nice4j.data.Condition;
import org.nice4j.engine.Precision;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Presets;
import org.nice4j.train.TrainingStep;

/**
 * A long run of training steps that watches the process's memory: resident set size at the start, after the first
 * 100 steps (when the engine's caches and the optimizer state exist), in the middle and at the end. A loop that frees
 * its native memory deterministically ends where it was after the first 100 steps; one that leaves native memory to
 * the garbage collector grows with every step until the JVM happens to collect.
 */
public final class Soak {
    /** Steps after which the process is expected to have reached its working size. */
    private static final int SETTLED = 100;
    /** RSS samples taken over the run, besides the named ones. */
    private static final int SAMPLES = 10;

    /** What a soak run measured; the JSON keys are part of the CLI's contract. */
    public record Result(String preset, String device, Precision precision, int batch, int steps, double trainExamplesPerS,
            List<Sample> samples, int settledStep, double peakRssMb) {

        /**
         * Resident set and live direct buffers after {@code step} training steps, and the training rate since the
         * previous sample (NaN for the first): a rate that falls over a run shows work that grows with it, such as
         * the denormal optimizer state that {@link org.nice4j.engine.Denormals} flushes.
         */
        public record Sample(int step, double rssMb, double directBuffersMb, int liveArrays, double examplesPerS) {}

        public double rssMbAt(int step) {
            return samples.stream().filter(s -> s.step == step).findFirst().orElseThrow().rssMb;
        }

        /** End RSS over RSS after the settling steps, minus one: 0.05 means 5% growth. */
        public double growthAfterSettling() {
            return rssMbAt(steps) / rssMbAt(settledStep) - 1;
        }

        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("preset", preset);
            m.put("device", device);
            m.put("precision", precision.id());
            m.put("batch", batch);
            m.put("soak_steps", steps);
            m.put("train_examples_per_s", round(trainExamplesPerS));
            m.put("rss_start_mb", round(rssMbAt(0)));
            m.put("rss_settled_mb", round(rssMbAt(settledStep)));
            m.put("settled_step", settledStep);
            m.put("rss_middle_mb", round(rssMbAt(steps / 2)));
            m.put("rss_end_mb", round(rssMbAt(steps)));
            m.put("growth_after_settling", Math.round(growthAfterSettling() * 1000) / 1000.0);
            m.put("peak_rss_mb", round(peakRssMb));
            List<Map<String, Object>> trace = new ArrayList<>();
            for (Sample s : samples) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("step", s.step);
                t.put("rss_mb", round(s.rssMb));
                t.put("direct_buffers_mb", round(s.directBuffersMb));
                t.put("live_arrays", s.liveArrays);
                t.put("examples_per_s", Double.isNaN(s.examplesPerS) ? null : round(s.examplesPerS));
                trace.add(t);
            }
            m.put("samples", trace);
            return m;
        }

        private static double round(double v) {
            return Math.round(v * 10) / 10.0;
        }
    }

    private final String preset;
    private final Device device;
    private final Precision precision;
    private final int batch;
    private final int steps;
    private final Consumer<Result.Sample> progress;

    /** @param progress told of every sample as it is taken, so a run stopped early still shows its trend */
    public Soak(String preset, Device device, Precision precision, int batch, int steps,
            Consumer<Result.Sample> progress) {
        this.preset = preset;
        this.device = device;
        this.precision = precision;
        this.batch = batch;
        this.steps = steps;
        this.progress = progress;
    }

    public Result run() {
        Presets.Preset p = Presets.get(preset);
        float[] rows = Benchmark.uniformRows(batch * p.preprocessing().dimension(), 1);
        int settled = Math.min(SETTLED, steps / 2);
        try (FlowModel model = FlowModel.create(p, device, 0)) {
            TrainingStep step = Benchmark.paperStep(model, p, precision);
            Condition labels = Benchmark.labels(model, batch);
            List<Result.Sample> samples = new ArrayList<>();
            samples.add(sample(0, model, Double.NaN));
            long t0 = System.nanoTime();
            long previousTime = t0;
            int previousStep = 0;
            for (int i = 1; i <= steps; i++) {
                step.run(rows, labels, batch, 1e-4, 0.0);
                if (i == settled || i == steps / 2 || i % Math.max(1, steps / SAMPLES) == 0 || i == steps) {
                    long now = System.nanoTime();
                    samples.add(sample(i, model, batch * (double) (i - previousStep) / ((now - previousTime) / 1e9)));
                    previousTime = now;
                    previousStep = i;
                }
            }
            double rate = batch * (double) steps / ((System.nanoTime() - t0) / 1e9);
            return new Result(preset, device.getDeviceType(), precision, batch, steps, rate,
                    samples, settled, ProcessMemory.peakResidentMb());
        }
    }

    private Result.Sample sample(int step, FlowModel model, double examplesPerS) {
        Result.Sample s = new Result.Sample(step, ProcessMemory.residentMb(), ProcessMemory.directBuffersMb(),
                model.manager().getManagedArrays().size(), examplesPerS);
        progress.accept(s);
        return s;
    }
}
