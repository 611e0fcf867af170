package org.nice4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.cli.CliFixture.Result;
import org.nice4j.data.SyntheticDigits;
import org.nice4j.train.RunInterrupted;
import org.nice4j.train.TrainingDiverged;

/**
 * The library describes a bad value without knowing the command line; the CLI prints it after the flag that sets
 * it and exits 2, as for its own usage errors. Every call here fails before any training starts.
 */
class SettingErrorsTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path empty;

    @BeforeAll
    static void files() throws Exception {
        data = SyntheticDigits.writeFolder(dir.resolve("digits"), 12, 6, 1);
        empty = Files.createDirectory(dir.resolve("empty"));
    }

    @Test
    void aBadValueIsPrintedAfterItsFlagAndExits2() {
        Path absent = dir.resolve("absent");
        Path out = dir.resolve("out");
        String[][] calls = {
                {"train", "--data", absent.toString()},
                {"train", "--dataset", "../etc"},
                {"train", "--data", data.toString(), "--epochs", "0"},
                {"train", "--data", data.toString(), "--schedule", "linear"},
                {"train", "--data", data.toString(), "--average", "1"},
                {"train", "--data", data.toString(), "--preset", "nice-mnist-paper", "--weight-decay", "0.1"},
                {"train", "--data", data.toString(), "--weight-decay", "-1"},
                {"train", "--resume", empty.toString()},
                {"train", "--resume", empty.toString(), "--device", "tpu"},
                {"gin-toy", "--points", "3", "--out", out.toString()},
                {"gin-toy", "--epochs", "0", "--out", out.toString()}};
        String[] lines = {
                "nice4j: --data: the data directory " + absent + " does not exist",
                "nice4j: --dataset: dataset name '../etc' is not a plain name (letters, digits, . _ -)",
                "nice4j: --epochs: the number of epochs must be at least 1, got 0",
                "nice4j: --schedule: unknown schedule 'linear' (known: exponential, cosine)",
                "nice4j: --average: the decay of the weights' average must lie in [0, 1) (0 for none), got 1.0",
                "nice4j: --weight-decay: weight decay is Adam's (AdamW); the NICE paper's RMSProp has none: choose"
                        + " adam as the optimizer or leave the weight decay out",
                "nice4j: --weight-decay: the weight decay must be a finite value >= 0, got -1.0",
                "nice4j: --resume: no run to resume in " + empty + " (no checkpoint.nice4j there)",
                "nice4j: --device: unknown device 'tpu' (known: auto, cpu, gpu)",
                "nice4j: --points: need at least 5 points, got 3",
                "nice4j: --epochs: the number of epochs must be at least 1, got 0"};
        for (int i = 0; i < calls.length; i++) {
            Result r = CliFixture.run(calls[i]);
            assertEquals(2, r.code(), String.join(" ", calls[i]) + ": " + r.err());
            assertEquals(lines[i], r.err().strip());
        }
    }

    @Test
    void theCliKeepsItsOwnUsageErrorsAndRuntimeFailures() {
        Result limit = CliFixture.run("train", "--data", data.toString(), "--limit", "0");
        assertEquals(2, limit.code(), limit.err());
        assertEquals("nice4j: --limit must be at least 1, got 0", limit.err().strip());
        Result missing = CliFixture.run("eval", "--model", dir.resolve("missing.nice4j").toString());
        assertEquals(1, missing.code(), missing.err());
    }

    @Test
    void runFailuresGetTheCliAdvice() {
        assertEquals("training diverged at epoch 1 (try a smaller --lr)",
                Main.oneLine(new TrainingDiverged("training diverged at epoch 1")));
        assertEquals("interrupted at epoch 1, minibatch 2; checkpoint saved, continue with: nice4j train --resume "
                + Path.of("runs", "x"), Main.oneLine(new RunInterrupted("interrupted at epoch 1, minibatch 2;"
                + " checkpoint saved", Path.of("runs", "x"))));
    }
}
