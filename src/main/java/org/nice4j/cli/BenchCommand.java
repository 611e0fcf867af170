package org.nice4j.cli;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nice4j.Json;
import org.nice4j.bench.Benchmark;
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

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        if (batch < 1 || steps < 1) {
            throw new UsageException("--batch and --steps must be at least 1");
        }
        Map<String, Object> r = new Benchmark(preset, common.device(), Precision.parse(precision), batch,
                steps).run().toJson();
        r.put("machine", Machine.describe());
        if (json) {
            spec.commandLine().getOut().println(Json.MAPPER.writeValueAsString(r));
        } else {
            r.forEach((k, v) -> spec.commandLine().getOut().printf(Locale.ROOT, "%-22s %s%n", k, v));
        }
        return 0;
    }
}
