package org.nice4j.experiment;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.nice4j.Gaussian;
import org.nice4j.InvalidSettingException;
import org.nice4j.Seeds;
import org.nice4j.engine.Host;
import org.nice4j.model.CouplingKind;
import org.nice4j.model.FlowModel;
import org.nice4j.model.ModelConfig;
import org.nice4j.model.NetworkConfig;
import org.nice4j.model.PartitionKind;
import org.nice4j.model.Preprocessing;
import org.nice4j.nn.Init;
import org.nice4j.prior.PriorKind;

/**
 * The artificial data of GIN experiment 1 (§4.3.1): a 10-D latent space whose first two variables are a mixture of
 * {@value #CLASSES} Gaussians (class means U(−5, 5), variances U(0.5, 3), per class and variable) and whose other
 * eight are N(0, 0.01²) noise, mixed into 10-D observations by a randomly initialised RealNVP of 8 fully connected
 * coupling blocks. Everything is drawn from the seed.
 *
 * @param latents  the true latents z, one row per point
 * @param observed the observations x = mix(z)
 * @param labels   the class of each point
 */
public record GinToyData(float[][] latents, float[][] observed, int[] labels) {
    public static final int CLASSES = 5;
    public static final int DIMENSION = 10;
    public static final int INFORMATIVE = 2;
    static final double NOISE_SCALE = 0.01;

    /**
     * The mixing network: the architecture of the estimating model (GIN App. D, 8 blocks, subnets 5→10→10→10,
     * permutations between blocks) with non-volume-preserving affine couplings and random weights U(−0.3, 0.3),
     * about PyTorch's default U(±1/√fan_in) for these widths, in place of GIN's identity start.
     */
    static ModelConfig mixing(long seed) {
        return new ModelConfig(CouplingKind.AFFINE, 16, PartitionKind.HALVES, new NetworkConfig(10, 2, Init.UNIFORM, 0.3, false),
                false, PriorKind.NORMAL, 2, seed);
    }

    public static GinToyData generate(int points, long seed) {
        if (points < CLASSES) {
            throw new InvalidSettingException("points", "need at least " + CLASSES + " points, got " + points);
        }
        SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, 0));
        double[][] means = new double[CLASSES][INFORMATIVE];
        double[][] stds = new double[CLASSES][INFORMATIVE];
        for (int k = 0; k < CLASSES; k++) {
            for (int j = 0; j < INFORMATIVE; j++) {
                means[k][j] = rng.nextDouble(-5, 5);
                stds[k][j] = Math.sqrt(rng.nextDouble(0.5, 3));
            }
        }
        float[][] z = new float[points][DIMENSION];
        int[] labels = new int[points];
        for (int i = 0; i < points; i++) {
            labels[i] = rng.nextInt(CLASSES);
            for (int j = 0; j < DIMENSION; j++) {
                z[i][j] = (float) (j < INFORMATIVE ? means[labels[i]][j] + stds[labels[i]][j] * Gaussian.next(rng)
                        : NOISE_SCALE * Gaussian.next(rng));
            }
        }
        return new GinToyData(z, mix(z, seed), labels);
    }

    private static float[][] mix(float[][] z, long seed) {
        float[][] x = new float[z.length][];
        try (FlowModel mixer = FlowModel.create(mixing(Seeds.mix(seed, 1)), Preprocessing.continuous(DIMENSION),
                Device.cpu(), Seeds.mix(seed, 2))) {
            int batch = 1000;
            for (int from = 0; from < z.length; from += batch) {
                int to = Math.min(z.length, from + batch);
                try (NDManager scope = mixer.manager().newSubManager()) {
                    float[][] rows = Host.rows(mixer.encode(Host.matrix(scope, java.util.Arrays.copyOfRange(z, from, to))));
                    System.arraycopy(rows, 0, x, from, to - from);
                }
            }
        }
        return x;
    }

    public int size() {
        return labels.length;
    }
}
