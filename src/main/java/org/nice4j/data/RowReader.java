package org.nice4j.data;

import java.util.List;
import java.util.OptionalLong;

/**
 * A data source read front to back, a chunk at a time, so that a file larger than memory can be scored: a reader
 * holds at most the chunk it hands out (and the rows it must look ahead to know the data's shape).
 *
 * <p>Readers check what they read and throw a {@link org.nice4j.NiceException} naming the file, the line or row,
 * and what is wrong.
 */
public interface RowReader extends AutoCloseable {

    /** What one example is; known once the reader is open. */
    DataShape shape();

    /** The number of examples, when the format says so up front (a CSV file does not). */
    OptionalLong size();

    /** Whether the examples carry class labels. */
    boolean labelled();

    /**
     * The names of the classes, in label order, where the source names them (the sub-folders of an image folder);
     * empty otherwise.
     */
    default List<String> classNames() {
        return List.of();
    }

    /** The next at most {@code max} examples, in source order; an empty chunk once the source is exhausted. */
    Rows next(int max);

    @Override
    void close();
}
