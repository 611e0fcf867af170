package org.nice4j.data;

import java.util.Arrays;

/**
 * Examples paired with class labels 0..classes−1, for class-conditional flows (GIN). A wrapper rather than a new
 * kind of {@link Examples}, so every unconditional reader and trainer stays as it is.
 */
public record LabelledExamples(Examples examples, int[] labels, int classes) {
    public LabelledExamples {
        if (labels.length != examples.size()) {
            throw new IllegalArgumentException(labels.length + " labels for " + examples.size() + " examples");
        }
        for (int label : labels) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " outside 0.." + (classes - 1));
            }
        }
        labels = labels.clone();
    }

    public int size() {
        return examples.size();
    }

    /** The labels of the examples at {@code indices}, in that order. */
    public int[] labels(int[] indices) {
        return Arrays.stream(indices).map(i -> labels[i]).toArray();
    }
}
