package org.nice4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.cli.CliFixture.Result;
import org.nice4j.data.SyntheticDigits;

/** Settings that do not fit the kind of model: one line naming the flag, exit 2, and no run folder written. */
class LatentModelErrorsTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void files() throws Exception {
        data = SyntheticDigits.writeFolder(dir.resolve("digits"), 12, 6, 1);
    }

    private static void refused(String line, String... call) {
        Path out = dir.resolve("out");
        String[] args = new String[call.length + 4];
        System.arraycopy(call, 0, args, 0, call.length);
        System.arraycopy(new String[] {"--data", data.toString(), "--out", out.toString()}, 0, args, call.length, 4);
        Result r = CliFixture.run(args);
        assertEquals(2, r.code(), String.join(" ", call) + ": " + r.err());
        assertEquals("nice4j: " + line, r.err().strip());
        assertFalse(Files.exists(out), "nothing written for " + String.join(" ", call));
    }

    @Test
    void aFlowRefusesBinarizedDataAndLatentSettings() {
        refused("--binarize: a flow models continuous (dequantized) data; binarized images need a latent-variable"
                + " model with a Bernoulli decoder, such as the vae-mnist preset",
                "train", "--preset", "nice-mnist", "--binarize");
        refused("--latent: a flow has no latent setting", "train", "--preset", "nice-mnist", "--latent", "8");
        refused("--decoder: a flow has no decoder setting", "train", "--preset", "nice-mnist", "--decoder",
                "coupled");
    }

    @Test
    void settingsOutsideAKindAreRefused() {
        refused("--latent: a VDAE has no latent setting", "train", "--preset", "vdae-mnist", "--latent", "8");
        refused("--decoder: an L-VDAE has no decoder setting", "train", "--preset", "lvdae-mnist", "--decoder",
                "coupled");
        refused("--noise-sigma: a flow has no noiseSigma setting", "train", "--preset", "nice-mnist",
                "--noise-sigma", "0.1");
        refused("--noise-sigma: a VAE has no noiseSigma setting", "train", "--preset", "vae-mnist",
                "--noise-sigma", "0.1");
    }

    @Test
    void valuesAModelCannotUseAreRefused() {
        refused("--decoder: the coupled decoder is a Gaussian density and needs continuous data; binarized data needs"
                + " the decoupled decoder", "train", "--preset", "vdae-mnist", "--decoder", "coupled", "--binarize");
        refused("--decoder: unknown decoder 'tied' (known: coupled, decoupled)", "train", "--preset", "vdae-mnist",
                "--decoder", "tied");
        refused("--noise-sigma: the noise scale must be a positive number, got -0.5", "train", "--preset",
                "vdae-mnist", "--noise-sigma", "-0.5");
        refused("--latent: an L-VDAE's residual encoder needs fewer latents than the data's 784 dimensions, got 784",
                "train", "--preset", "lvdae-mnist", "--latent", "784");
        refused("--latent: an L-VDAE needs at least 1 latent dimension, got 0", "train", "--preset", "lvdae-mnist",
                "--latent", "0");
    }
}
