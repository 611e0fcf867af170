package org.nice4j.data;

import java.util.Arrays;

/**
 * What a density is conditioned on beside x, one value per example: nothing, or a class label per example (GIN's
 * class-conditional latents). Conditioning is an input of a model's log-density and sampling, never a kind of model:
 * an unconditional density ignores it. New forms (an encoder's output, noise) join this sealed family.
 */
public sealed interface Condition {

    /** No conditioning: the density is the marginal p(x). */
    Condition NONE = new None();

    /** Class labels, one per example, in 0..classes−1 of the model that reads them. */
    static Labels labels(int... values) {
        return new Labels(values);
    }

    /** {@code n} copies of one label: n examples of one class. */
    static Labels repeated(int label, int n) {
        int[] values = new int[n];
        Arrays.fill(values, label);
        return new Labels(values);
    }

    /** The absence of a condition. */
    record None() implements Condition {}

    /** A class label per example. */
    record Labels(int[] values) implements Condition {
        public Labels {
            values = values.clone();
        }

        @Override
        public int[] values() {
            return values.clone();
        }

        public int size() {
            return values.length;
        }
    }
}
