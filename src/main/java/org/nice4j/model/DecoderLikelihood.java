package org.nice4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.Map;
import org.nice4j.engine.Host;
import org.nice4j.engine.Scope;

/**
 * p(x | z) given the decoder network's output: Bernoulli for binarized images, Gaussian with one learned variance for
 * continuous data (the VDAE paper's decoders, §5: a sigmoid gives the Bernoulli probabilities or the Gaussian means).
 * Both sum over the last axis, so that one call scores a (batch, D) minibatch or (batch, K, D) importance samples.
 */
public sealed interface DecoderLikelihood {

    /** log p(x | z) summed over the last axis; {@code x} broadcasts against {@code output}. */
    NDArray logProb(NDArray x, NDArray output);

    /** E[x | z]: what samples and reconstructions show. */
    NDArray mean(NDArray output);

    /** The likelihood's own trainable arrays by local name. */
    Map<String, NDArray> parameters();

    /** In a few words, for people. */
    String describe();

    /** The likelihood that fits {@code preprocessing}: Bernoulli for binarized images, else Gaussian. */
    static DecoderLikelihood of(Preprocessing preprocessing, NDManager manager) {
        return preprocessing.binarized() ? new Bernoulli() : Gaussian.create(manager);
    }

    /** x ∈ {0, 1} with logits l: log p = x·l − softplus(l), softplus computed as max(l, 0) + log(1 + e^{−|l|}). */
    record Bernoulli() implements DecoderLikelihood {
        @Override
        public NDArray logProb(NDArray x, NDArray output) {
            NDArray softplus = Activation.relu(output).add(output.abs().neg().exp().add(1).log());
            return output.mul(x).sub(softplus).sum(new int[] {-1});
        }

        @Override
        public NDArray mean(NDArray output) {
            return Activation.sigmoid(output);
        }

        @Override
        public Map<String, NDArray> parameters() {
            return Map.of();
        }

        @Override
        public String describe() {
            return "Bernoulli decoder";
        }
    }

    /**
     * x ~ N(sigmoid(output), σ²I) with one learned log σ ("log_sigma"), started at σ = 0.1 (a tenth of the [0, 1]
     * range: from σ = 1 Adam would spend tens of epochs on this one number before the reconstructions mattered).
     */
    record Gaussian(NDArray logSigma) implements DecoderLikelihood {
        private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
        private static final float INITIAL_LOG_SIGMA = (float) Math.log(0.1);

        static Gaussian create(NDManager manager) {
            NDArray logSigma = Host.array(manager, new float[] {INITIAL_LOG_SIGMA}, new Shape(1));
            logSigma.setRequiresGradient(true);
            return new Gaussian(logSigma);
        }

        @Override
        public NDArray logProb(NDArray x, NDArray output) {
            long d = output.getShape().get(output.getShape().dimension() - 1);
            NDArray standardised = Activation.sigmoid(output).sub(x).div(Scope.like(output, logSigma.exp()));
            NDArray squares = standardised.square().sum(new int[] {-1}).mul(-0.5);
            return squares.sub(Scope.like(output, logSigma.mul(d))).sub(HALF_LOG_TWO_PI * d);
        }

        @Override
        public NDArray mean(NDArray output) {
            return Activation.sigmoid(output);
        }

        @Override
        public Map<String, NDArray> parameters() {
            return Map.of("log_sigma", logSigma);
        }

        @Override
        public String describe() {
            return "Gaussian decoder with a learned variance";
        }
    }
}
