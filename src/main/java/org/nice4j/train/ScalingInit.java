package org.nice4j.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nice4j.InvalidSettingException;
import org.nice4j.Seeds;
import org.nice4j.data.Examples;
import org.nice4j.engine.Host;
import org.nice4j.model.FlowModel;
import org.nice4j.transform.Transform;

/**
 * A data-dependent start, in the manner of Glow's ActNorm: every transform that fixes a spread (NICE's scaling layer,
 * see {@link Transform#startFromData}) is set so that the first training examples, passed through the flow, leave it
 * with the prior's standard deviation in every dimension. NICE's layer starts at exp(0) = 1 while dequantized pixels
 * live in [0, 1], and a normalised optimizer moves each s_d by about the learning rate per step, so without this the
 * first epochs are spent shrinking 784 scales (issue 15 measured −907 nats after one epoch against +1306 with this
 * start, in PyTorch).
 */
public final class ScalingInit {
    /** The noise stream of the initialising batch, apart from every training minibatch's. */
    private static final long NOISE_STREAM = 0x5ca1e;

    private ScalingInit() {}

    /**
     * Starts the transforms of {@code model} from the first {@code n} examples of {@code train}, dequantized with
     * noise drawn from {@code seed}.
     *
     * @throws InvalidSettingException when no transform of the model starts from the data or its prior has no
     *                                 per-coordinate spread
     */
    public static void fromData(FlowModel model, Examples train, int n, long seed) {
        Transform flow = model.transform();
        if (!flow.startsFromData()) {
            throw new InvalidSettingException("initExamples", "the architecture has no scaling layer (nor another"
                    + " transform) to initialise from the data");
        }
        double target = model.prior().coordinateStd().orElseThrow(() -> new InvalidSettingException("initExamples",
                "the prior '" + model.prior().id() + "' has no single per-coordinate spread to initialise towards"));
        int count = Math.min(n, train.size());
        int[] first = IntStream.range(0, count).toArray();
        float[] rows = train.batch(first, new SplittableRandom(Seeds.mix(seed, NOISE_STREAM)));
        try (NDManager scope = model.manager().newSubManager()) {
            flow.startFromData(Host.array(scope, rows, new Shape(count, model.dimension())), target);
        }
    }
}
