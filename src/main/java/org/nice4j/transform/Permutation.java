package org.nice4j.transform;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nice4j.ImageShape;
import org.nice4j.Shuffle;
import org.nice4j.engine.Columns;
import org.nice4j.engine.Scope;

/**
 * Reorders coordinates: y_i = x_{order[i]}. Between coupling blocks it lets every coordinate meet every other
 * (GIN appendix D: "permuted in a random but fixed way before each fully connected coupling block"). Volume
 * preserving, log|det| = 0. Holds no parameters: a model rebuilds the same permutation from a seed in its
 * configuration (see {@link #random}), so model files need not store it.
 */
public final class Permutation implements Transform {
    private final int[] order;
    private final int[] inverseOrder;

    public Permutation(int[] order) {
        this.order = order.clone();
        this.inverseOrder = new int[order.length];
        Arrays.fill(inverseOrder, -1);
        for (int i = 0; i < order.length; i++) {
            int source = order[i];
            if (source < 0 || source >= order.length || inverseOrder[source] >= 0) {
                throw new IllegalArgumentException("not a permutation of 0.." + (order.length - 1) + ": "
                        + Arrays.toString(order));
            }
            inverseOrder[source] = i;
        }
    }

    /** A uniformly random permutation of {@code dimension} coordinates ({@link Shuffle}); same seed, same one. */
    public static Permutation random(int dimension, long seed) {
        return new Permutation(Shuffle.permutation(dimension, new SplittableRandom(seed)));
    }

    /**
     * A random but fixed reordering of whole channels of flat (C, H, W) rows, pixels kept in place: GIN appendix D
     * permutes "the channels for the convolutional coupling blocks", since a coordinate-level permutation would
     * scramble the images the convolutions rely on.
     */
    public static Permutation channels(ImageShape shape, long seed) {
        int[] channelOrder = random(shape.channels(), seed).order;
        int pixels = shape.height() * shape.width();
        int[] order = new int[shape.size()];
        for (int c = 0; c < channelOrder.length; c++) {
            for (int p = 0; p < pixels; p++) {
                order[c * pixels + p] = channelOrder[c] * pixels + p;
            }
        }
        return new Permutation(order);
    }

    /** order[i] is the input coordinate that becomes output coordinate i. */
    public int[] order() {
        return order.clone();
    }

    @Override
    public Transformed forward(NDArray x) {
        return new Transformed(Columns.gather(x, order), Scope.zeroLogDet(x));
    }

    @Override
    public Transformed inverse(NDArray y) {
        return new Transformed(Columns.gather(y, inverseOrder), Scope.zeroLogDet(y));
    }
}
