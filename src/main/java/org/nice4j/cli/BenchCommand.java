package org.nice4j.cli;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nice4j.Json;
import org.nice4j.bench.Benchmark;
import org.nice4j.bench.Soak;
import org.nice4j.engine.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Throughput of a preset after warm-up: training, scoring and sampling examples/s, "
                + "the engine's SGEMM GFLOP/s and its product rate in the chosen precision, the fraction of each that "
                + "training achieves, peak RSS.")
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--preset", defaultValue = "nice-mnist", description = "Architecture (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--batch", defaultValue = "200", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--steps", defaultValue = "20", description = "Timed training steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--precision", defaultValue = "fp32",
            description = "fp32, or bf16 for the coupling networks' matrix products in bfloat16 (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--soak", paramLabel = "N", description = "Instead of throughput: N training steps, reporting the "
            + "resident set size at the start, after the first 100 steps, in the middle and at the end.")
    Integer soak;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        if (batch < 1 || steps < 1) {
            throw new UsageException("--batch and --steps must be at least 1");
        }
        if (soak != null && soak < 1) {
            throw new UsageException("--soak must be at least 1, got " + soak);
        }
        Precision format = Precision.parse(precision);
        Map<String, Object> r = soak != null ? new Soak(preset, common.device(), format, batch, soak, s -> spec
                .commandLine().getErr().printf(Locale.ROOT, "step %d: RSS %.1f MB, direct buffers %.1f MB, %d arrays%s%n",
                        s.step(), s.rssMb(), s.directBuffersMb(), s.liveArrays(), Double.isNaN(s.examplesPerS()) ? ""
                                : String.format(Locale.ROOT, ", %.1f examples/s", s.examplesPerS()))).run().toJson()
                : new Benchmark(preset, common.device(), format, batch, steps).run().toJson();
        r.put("machine", Machine.describe());
        if (json) {
            spec.commandLine().getOut().println(Json.MAPPER.writeValueAsString(r));
        } else {
            String row = "%-" + r.keySet().stream().mapToInt(String::length).max().orElse(1) + "s  %s%n";
            r.forEach((k, v) -> spec.commandLine().getOut().printf(Locale.ROOT, row, k, v));
        }
        return 0;
    }
}
