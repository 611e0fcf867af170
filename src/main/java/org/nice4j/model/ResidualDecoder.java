package org.nice4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nice4j.nn.ResidualProjectionNet;

/**
 * p(x | z) through a residual network of its own: the network maps z to the output that {@code likelihood} reads
 * (Bernoulli logits or Gaussian means). The decoder of the VAE and the L-VDAE, and the VDAE's decoupled one.
 */
record ResidualDecoder(ResidualProjectionNet network, DecoderLikelihood likelihood) {

    /** log p(x | z) per row of the codes z (batch, m) and inputs x (batch, D). */
    NDArray logProb(NDArray x, NDArray z) {
        return likelihood.logProb(x, network.apply(z));
    }

    /**
     * log p(x | z) for draws z (examples, count, m) of each row of x (examples, D), shape (examples, count): the draws
     * decoded in one call.
     */
    NDArray logProbOfDraws(NDArray x, NDArray z) {
        Shape s = z.getShape();
        NDArray output = network.apply(z.reshape(s.get(0) * s.get(1), s.get(2))).reshape(s.get(0), s.get(1),
                x.getShape().get(1));
        return likelihood.logProb(x.expandDims(1), output);
    }

    /** E[x | z]. */
    NDArray mean(NDArray z) {
        return likelihood.mean(network.apply(z));
    }

    /** The network's arrays, then the likelihood's own ("log_sigma" for a Gaussian). */
    Map<String, NDArray> parameters() {
        Map<String, NDArray> all = new LinkedHashMap<>(network.parameters());
        all.putAll(likelihood.parameters());
        return all;
    }

    /** Multiply-adds in weight matrices to decode one code. */
    long multiplyAdds() {
        return DensityModel.matrixWeights(network.parameters());
    }
}
