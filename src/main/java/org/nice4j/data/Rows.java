package org.nice4j.data;

/**
 * Examples of one data source held in memory, before any preprocessing: pixels of images ({@link ImageDataset}) or
 * real-valued table rows ({@link Table}). Readers hand data over in this form, a chunk at a time, and splits are
 * made of it.
 */
public sealed interface Rows permits ImageDataset, Table {

    /** The source's name, for messages. */
    String name();

    int size();

    /** Values per example. */
    int dimension();

    /** What one example is: an image of some shape, or a row of some width. */
    DataShape dataShape();

    boolean hasLabels();

    /** The class label of example {@code i}. */
    int label(int i);

    /** A copy of the examples at {@code indices}, in that order, labels included. */
    Rows select(int[] indices);

    /** The first {@code min(n, size())} examples. */
    Rows limit(int n);
}
