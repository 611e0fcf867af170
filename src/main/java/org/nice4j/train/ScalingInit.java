package org.nice4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nice4j.InvalidSettingException;
import org.nice4j.Seeds;
import org.nice4j.data.Examples;
import org.nice4j.engine.Host;
import org.nice4j.model.FlowModel;
import org.nice4j.transform.Composite;
import org.nice4j.transform.DiagonalScaling;
import org.nice4j.transform.Transform;

/**
 * A data-dependent start for the scaling layer, in the manner of Glow's ActNorm: the log-scales s_d are set so that
 * the first training examples, passed through the couplings, leave the scaling layer with the prior's standard
 * deviation in every dimension. NICE's layer starts at exp(0) = 1 while dequantized pixels live in [0, 1], and a
 * normalised optimizer moves each s_d by about the learning rate per step, so without this the first epochs are spent
 * shrinking 784 scales (issue 15 measured −907 nats after one epoch against +1306 with this start, in PyTorch).
 */
public final class ScalingInit {
    /** The noise stream of the initialising batch, apart from every training minibatch's. */
    private static final long NOISE_STREAM = 0x5ca1e;

    private ScalingInit() {}

    /**
     * Sets the scaling layer of {@code model} from the first {@code n} examples of {@code train}, dequantized with
     * noise drawn from {@code seed}: log S_dd = log σ_prior − log std_d of the couplings' output.
     *
     * @throws InvalidSettingException when the model has no scaling layer or its prior no per-coordinate spread
     */
    public static void fromData(FlowModel model, Examples train, int n, long seed) {
        DiagonalScaling scaling = model.scaling().orElseThrow(() -> new InvalidSettingException("initExamples",
                "the architecture has no scaling layer to initialise from the data"));
        double target = model.prior().coordinateStd().orElseThrow(() -> new InvalidSettingException("initExamples",
                "the prior '" + model.prior().id() + "' has no single per-coordinate spread to initialise towards"));
        int count = Math.min(n, train.size());
        int[] first = IntStream.range(0, count).toArray();
        float[] rows = train.batch(first, new SplittableRandom(Seeds.mix(seed, NOISE_STREAM)));
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray x = Host.array(scope, rows, new Shape(count, model.dimension()));
            for (Transform step : ((Composite) model.transform()).steps()) {
                if (step == scaling) {
                    break;
                }
                x = step.forward(x).value();
            }
            NDArray logStd = x.sub(x.mean(new int[] {0}, true)).square().mean(new int[] {0}).sqrt()
                    .maximum(1e-6f).log();
            NDArray logScale = logStd.neg().add(Math.log(target));
            scaling.logScale().muli(0).addi(logScale);
        }
    }
}
