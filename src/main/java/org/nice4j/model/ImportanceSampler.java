package org.nice4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.nice4j.Gaussian;
import org.nice4j.Seeds;
import org.nice4j.engine.Host;

/**
 * The importance-sampled log-likelihood of a latent-variable model, log p(x) ≈ log (1/K) Σ_k p(x, z_k)/q(z_k | x) with
 * z_k ~ q(z | x) (Burda et al.; the VDAE paper's evaluation, K = 5000), batched over the samples: the model turns
 * standard normal noise into draws and their log-weights, {@value #ROWS_PER_CALL} draws per engine call, each call in a
 * scope of its own so that memory stays bounded whatever K is. The log-weights are summed on the host in double
 * precision, with the largest factored out.
 */
public final class ImportanceSampler {
    /** Draws per engine call: large products, bounded memory. */
    static final int ROWS_PER_CALL = 8192;

    /** What importance sampling needs of a model. */
    public interface Weights {
        /** The dimension of the standard normal noise one draw is made from (m for a VAE). */
        int noiseDimension();

        /**
         * log p(x, z) − log q(z | x) for draws z made from {@code noise} (examples, count, noiseDimension) by the
         * reparameterisation of q(z | x), for the rows {@code x} (examples, D); shape (examples, count).
         */
        NDArray logWeights(NDArray x, NDArray noise);
    }

    /**
     * Per-example estimates, in nats.
     *
     * @param logLikelihood the importance-sampled log p(x)
     * @param elbo          the mean log-weight: a K-sample estimate of the evidence lower bound from the same draws
     */
    public record Estimate(float[] logLikelihood, float[] elbo) {}

    private ImportanceSampler() {}

    /**
     * The estimates for every row of {@code x} with {@code scoring}'s K samples; the noise of row i comes from the
     * scoring seed mixed with i and the position of its draws, so a row's estimate does not depend on the others.
     */
    public static Estimate estimate(Weights model, NDArray x, Scoring scoring) {
        int batch = Math.toIntExact(x.getShape().get(0));
        int k = scoring.importanceSamples();
        double[][] logWeights = new double[batch][k];
        int samplesPerCall = Math.min(k, ROWS_PER_CALL);
        int examplesPerCall = Math.max(1, ROWS_PER_CALL / samplesPerCall);
        for (int from = 0; from < batch; from += examplesPerCall) {
            int to = Math.min(batch, from + examplesPerCall);
            for (int sample = 0; sample < k; sample += samplesPerCall) {
                int count = Math.min(samplesPerCall, k - sample);
                fill(model, x, from, to, sample, count, scoring.seed(), logWeights);
            }
        }
        float[] ll = new float[batch];
        float[] elbo = new float[batch];
        for (int i = 0; i < batch; i++) {
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (double w : logWeights[i]) {
                max = Math.max(max, w);
                sum += w;
            }
            double total = 0;
            for (double w : logWeights[i]) {
                total += Math.exp(w - max);
            }
            ll[i] = (float) (max + Math.log(total / k));
            elbo[i] = (float) (sum / k);
        }
        return new Estimate(ll, elbo);
    }

    /** Log-weights of draws [sample, sample + count) of rows [from, to), into {@code out}. */
    private static void fill(Weights model, NDArray x, int from, int to, int sample, int count, long seed,
            double[][] out) {
        int rows = to - from;
        int d = model.noiseDimension();
        try (NDManager scope = x.getManager().newSubManager()) {
            float[] noise = new float[rows * count * d];
            for (int i = 0; i < rows; i++) {
                SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, from + i, sample));
                for (int j = 0; j < count * d; j++) {
                    noise[i * count * d + j] = (float) Gaussian.next(rng);
                }
            }
            NDArray chunk = x.get(from + ":" + to);
            chunk.attach(scope);
            float[] w = model.logWeights(chunk, Host.array(scope, noise, new Shape(rows, count, d))).toFloatArray();
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < count; j++) {
                    out[from + i][sample + j] = w[i * count + j];
                }
            }
        }
    }
}
