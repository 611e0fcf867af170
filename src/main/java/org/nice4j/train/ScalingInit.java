package org.nice4j.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nice4j.InvalidSettingException;
import org.nice4j.Seeds;
import org.nice4j.data.Examples;
import org.nice4j.engine.Host;
import org.nice4j.model.DensityModel;

/**
 * A data-dependent start, in the manner of Glow's ActNorm: every transform that fixes a spread (NICE's scaling layer,
 * in a flow or a VDAE's encoder: see {@link DensityModel#startFromData}) is set so that the first training examples,
 * passed through the flow, leave it with the prior's standard deviation in every dimension. NICE's layer starts at
 * exp(0) = 1 while dequantized pixels live in [0, 1], and a normalised optimizer moves each s_d by about the learning
 * rate per step, so without this the first epochs are spent shrinking 784 scales (issue 15 measured −907 nats after
 * one epoch against +1306 with this start, in PyTorch).
 */
public final class ScalingInit {
    /** The noise stream of the initialising batch, apart from every training minibatch's. */
    private static final long NOISE_STREAM = 0x5ca1e;

    private ScalingInit() {}

    /**
     * Starts {@code model} from the first {@code n} examples of {@code train}, dequantized with noise drawn from
     * {@code seed}.
     *
     * @throws InvalidSettingException when no transform of the model starts from the data or its prior has no
     *                                 per-coordinate spread
     */
    public static void fromData(DensityModel model, Examples train, int n, long seed) {
        int count = Math.min(n, train.size());
        int[] first = IntStream.range(0, count).toArray();
        float[] rows = train.batch(first, new SplittableRandom(Seeds.mix(seed, NOISE_STREAM)));
        try (NDManager scope = model.manager().newSubManager()) {
            if (!model.startFromData(Host.array(scope, rows, new Shape(count, model.dimension())),
                    Seeds.mix(seed, NOISE_STREAM, 1))) {
                throw new InvalidSettingException("initExamples", "the architecture has no scaling layer (nor another"
                        + " transform) to initialise from the data");
            }
        }
    }
}
