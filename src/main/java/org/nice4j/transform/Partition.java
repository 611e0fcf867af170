package org.nice4j.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import java.util.Arrays;
import org.nice4j.ImageShape;
import org.nice4j.InvalidSettingException;
import org.nice4j.engine.Columns;

/**
 * Splits D coordinates into a key part (x₁, passed through and fed to the coupling network) and a message part
 * (x₂, transformed). Any index set works; contiguous halves are sliced and odd/even coordinates are viewed as
 * pairs, without a gather: a gather's backward pass is an accumulating scatter on one thread.
 */
public final class Partition {
    private final int dimension;
    private final int[] key;
    private final int[] message;
    private final int[] inverse; // position of coordinate d in concat(key, message)
    private final boolean contiguousKeyFirst;
    private final boolean contiguousMessageFirst;
    private final int interleavedKeyParity; // p when the key is every second coordinate from p; -1 otherwise

    private Partition(int dimension, int[] key) {
        if (dimension < 2) {
            throw new IllegalArgumentException("a partition needs at least 2 dimensions, got " + dimension);
        }
        boolean[] isKey = new boolean[dimension];
        for (int k : key) {
            if (k < 0 || k >= dimension) {
                throw new IllegalArgumentException("key index " + k + " outside 0.." + (dimension - 1));
            }
            if (isKey[k]) {
                throw new IllegalArgumentException("key index " + k + " given twice");
            }
            isKey[k] = true;
        }
        if (key.length == 0 || key.length == dimension) {
            throw new IllegalArgumentException("both parts of a partition must be non-empty");
        }
        this.dimension = dimension;
        this.key = key.clone();
        Arrays.sort(this.key);
        this.message = new int[dimension - key.length];
        for (int d = 0, m = 0; d < dimension; d++) {
            if (!isKey[d]) {
                message[m++] = d;
            }
        }
        this.inverse = new int[dimension];
        for (int i = 0; i < this.key.length; i++) {
            inverse[this.key[i]] = i;
        }
        for (int i = 0; i < message.length; i++) {
            inverse[message[i]] = this.key.length + i;
        }
        this.contiguousKeyFirst = isRange(this.key, 0) && isRange(message, this.key.length);
        this.contiguousMessageFirst = isRange(message, 0) && isRange(this.key, message.length);
        this.interleavedKeyParity = dimension % 2 == 0 && key.length == dimension / 2 && isEveryOther(this.key)
                ? this.key[0] : -1;
    }

    /** The key is the given coordinates, the message the rest. */
    public static Partition of(int dimension, int... keyIndices) {
        return new Partition(dimension, keyIndices);
    }

    /** The reference code's "tile" partition: parity 0 keys on even coordinates, parity 1 on odd ones. */
    public static Partition oddEven(int dimension, int parity) {
        int[] key = new int[(dimension + 1 - parity) / 2];
        for (int i = 0; i < key.length; i++) {
            key[i] = 2 * i + parity;
        }
        return new Partition(dimension, key);
    }

    /** Parity 0 keys on the first half (the first ⌈D/2⌉ coordinates), parity 1 on the second half. */
    public static Partition halves(int dimension, int parity) {
        int firstHalf = (dimension + 1) / 2;
        int from = parity == 0 ? 0 : firstHalf;
        int to = parity == 0 ? firstHalf : dimension;
        int[] key = new int[to - from];
        for (int i = 0; i < key.length; i++) {
            key[i] = from + i;
        }
        return new Partition(dimension, key);
    }

    /**
     * For flat (C, H, W) rows: parity 0 keys on the first ⌈C/2⌉ channels, parity 1 on the rest, so each part is
     * whole channels for a convolutional network (GIN appendix D: "the splits are along the channel dimension").
     * With the channel-first layout these are contiguous ranges, equal to {@link #halves} when C is even.
     */
    public static Partition channelHalves(ImageShape shape, int parity) {
        if (shape.channels() < 2) {
            throw new InvalidSettingException("partition", "a channel split needs at least 2 channels, got image shape " + shape);
        }
        int pixels = shape.height() * shape.width();
        int firstHalf = (shape.channels() + 1) / 2 * pixels;
        int from = parity == 0 ? 0 : firstHalf;
        int to = parity == 0 ? firstHalf : shape.size();
        int[] key = new int[to - from];
        for (int i = 0; i < key.length; i++) {
            key[i] = from + i;
        }
        return new Partition(shape.size(), key);
    }

    public int dimension() {
        return dimension;
    }

    public int keySize() {
        return key.length;
    }

    public int messageSize() {
        return message.length;
    }

    public int[] keyIndices() {
        return key.clone();
    }

    public int[] messageIndices() {
        return message.clone();
    }

    public NDArray key(NDArray x) {
        if (contiguousKeyFirst) {
            return x.get(new NDIndex(":, 0:{}", key.length));
        }
        if (contiguousMessageFirst) {
            return x.get(new NDIndex(":, {}:", message.length));
        }
        if (interleavedKeyParity >= 0) {
            return pairs(x).get(new NDIndex(":, :, {}", interleavedKeyParity));
        }
        return Columns.gather(x, key);
    }

    public NDArray message(NDArray x) {
        if (contiguousKeyFirst) {
            return x.get(new NDIndex(":, {}:", key.length));
        }
        if (contiguousMessageFirst) {
            return x.get(new NDIndex(":, 0:{}", message.length));
        }
        if (interleavedKeyParity >= 0) {
            return pairs(x).get(new NDIndex(":, :, {}", 1 - interleavedKeyParity));
        }
        return Columns.gather(x, message);
    }

    /** The key part and the message part of a batch. */
    public record Parts(NDArray key, NDArray message) {}

    /**
     * {@link #key} and {@link #message} together. Contiguous parts come from one split, whose backward pass writes
     * both parts' gradients into one buffer; two slices would each zero-fill a buffer the size of x, and add them.
     */
    public Parts split(NDArray x) {
        if (contiguousKeyFirst) {
            NDList parts = x.split(new long[] {key.length}, 1);
            return new Parts(parts.get(0), parts.get(1));
        }
        if (contiguousMessageFirst) {
            NDList parts = x.split(new long[] {message.length}, 1);
            return new Parts(parts.get(1), parts.get(0));
        }
        if (interleavedKeyParity >= 0) {
            NDList columns = pairs(x).split(2, 2);
            NDArray even = columns.get(0).reshape(-1, dimension / 2);
            NDArray odd = columns.get(1).reshape(-1, dimension / 2);
            return interleavedKeyParity == 0 ? new Parts(even, odd) : new Parts(odd, even);
        }
        return new Parts(Columns.gather(x, key), Columns.gather(x, message));
    }

    /** Puts the two parts back into their original coordinates. */
    public NDArray merge(NDArray keyPart, NDArray messagePart) {
        if (contiguousKeyFirst) {
            return keyPart.concat(messagePart, 1);
        }
        if (contiguousMessageFirst) {
            return messagePart.concat(keyPart, 1);
        }
        if (interleavedKeyParity >= 0) {
            NDList evenOdd = interleavedKeyParity == 0 ? new NDList(keyPart, messagePart)
                    : new NDList(messagePart, keyPart);
            return NDArrays.stack(evenOdd, 2).reshape(-1, dimension);
        }
        return Columns.gather(NDArrays.concat(new NDList(keyPart, messagePart), 1), inverse);
    }

    /** A (batch, D) array as (batch, D/2, 2): coordinate 2i + p at [:, i, p]. */
    private NDArray pairs(NDArray x) {
        return x.reshape(-1, dimension / 2, 2);
    }

    private static boolean isEveryOther(int[] sortedIndices) {
        for (int i = 0; i < sortedIndices.length; i++) {
            if (sortedIndices[i] != sortedIndices[0] + 2 * i) {
                return false;
            }
        }
        return sortedIndices[0] < 2;
    }

    private static boolean isRange(int[] indices, int start) {
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] != start + i) {
                return false;
            }
        }
        return true;
    }
}
