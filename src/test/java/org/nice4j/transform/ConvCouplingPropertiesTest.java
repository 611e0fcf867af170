package org.nice4j.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.nice4j.Engines;
import org.nice4j.ImageShape;
import org.nice4j.Jacobians;
import org.nice4j.nn.ConvNet;
import org.nice4j.nn.CouplingNetwork;
import org.nice4j.nn.Init;

/**
 * Image couplings (GIN appendix D: convolutional coupling blocks split along channels): the same inverse and
 * log-determinant properties as every transform, with a {@link ConvNet} on small images.
 */
class ConvCouplingPropertiesTest {
    private static final NDManager manager = Engines.shared();

    @Property(tries = 15)
    void affineConvCouplingInvertsAndLogDetMatchesAutograd(@ForAll @IntRange(min = 2, max = 4) int channels,
            @ForAll @IntRange(min = 2, max = 4) int side, @ForAll @IntRange(min = 0, max = 1) int parity,
            @ForAll long seed) {
        ImageShape shape = new ImageShape(channels, side, side);
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(seed);
            Transform t = new AffineCoupling(Partition.channelHalves(shape, parity), nets(scope, shape, rng), 2);
            TransformPropertiesTest.check(t, scope, shape.size(), rng);
        }
    }

    @Property(tries = 15)
    void ginConvCouplingIsVolumePreserving(@ForAll @IntRange(min = 2, max = 4) int channels,
            @ForAll @IntRange(min = 2, max = 4) int side, @ForAll @IntRange(min = 0, max = 1) int parity,
            @ForAll long seed) {
        ImageShape shape = new ImageShape(channels, side, side);
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(seed);
            GinCoupling t = new GinCoupling(Partition.channelHalves(shape, parity), nets(scope, shape, rng), 2);
            NDArray x = TransformPropertiesTest.randomArray(scope, rng, new Shape(3, shape.size()), 2.0);
            for (float logDet : t.forward(x).logDet().toFloatArray()) {
                assertEquals(0f, logDet, "GIN log-det is exactly 0");
            }
            TransformPropertiesTest.check(t, scope, shape.size(), rng);
        }
    }

    @Property(tries = 6)
    void ginImageBlockWithSqueezeAndChannelPermutationsHasUnitDeterminant(@ForAll long seed) {
        // GIN Table 3 in miniature: downsample (1, 4, 4) -> (4, 2, 2), then permute channels and couple both halves.
        ImageShape image = new ImageShape(1, 4, 4);
        Squeeze squeeze = new Squeeze(image);
        ImageShape shape = squeeze.outputShape();
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(seed);
            List<Transform> steps = new ArrayList<>(List.of(squeeze));
            for (int block = 0; block < 2; block++) {
                steps.add(Permutation.channels(shape, rng.nextLong()));
                CouplingNetwork.Factory nets = ConvNet.factory(scope, shape.height(), shape.width(), new int[] {6},
                        Init.UNIFORM, 0.3, false, rng);
                steps.add(new GinCoupling(Partition.channelHalves(shape, 0), nets, 2));
                steps.add(new GinCoupling(Partition.channelHalves(shape, 1), nets, 2));
            }
            Composite flow = new Composite(steps);
            NDArray x = TransformPropertiesTest.randomArray(scope, rng, new Shape(2, image.size()), 2.0);
            for (double[][] j : Jacobians.of(v -> flow.forward(v).value(), x)) {
                assertEquals(0, Jacobians.logAbsDet(j), 1e-3, "autograd log|det J| of a GIN image block");
            }
            TransformPropertiesTest.check(flow, scope, image.size(), rng);
        }
    }

    @Example
    void channelHalvesOfAnEvenChannelCountAreTheFlatHalves() {
        ImageShape shape = new ImageShape(4, 3, 5);
        for (int parity = 0; parity <= 1; parity++) {
            assertArrayEquals(Partition.halves(shape.size(), parity).keyIndices(),
                    Partition.channelHalves(shape, parity).keyIndices());
        }
    }

    @Example
    void channelHalvesOfAnOddChannelCountKeepWholeChannels() {
        Partition p = Partition.channelHalves(new ImageShape(3, 2, 2), 0);
        assertArrayEquals(IntStream.range(0, 8).toArray(), p.keyIndices(), "key: channels 0 and 1");
        assertArrayEquals(IntStream.range(8, 12).toArray(), p.messageIndices(), "message: channel 2");
    }

    @Example
    void channelPermutationMovesWholeChannels() {
        ImageShape shape = new ImageShape(5, 2, 3);
        int[] order = Permutation.channels(shape, 11).order();
        for (int c = 0; c < 5; c++) {
            int source = order[c * 6] / 6;
            for (int p = 0; p < 6; p++) {
                assertEquals(source * 6 + p, order[c * 6 + p], "channel " + c + " pixel " + p);
            }
        }
    }

    private static CouplingNetwork.Factory nets(NDManager scope, ImageShape shape, SplittableRandom rng) {
        return ConvNet.factory(scope, shape.height(), shape.width(), new int[] {8, 8}, Init.HE, 0, false, rng);
    }
}
