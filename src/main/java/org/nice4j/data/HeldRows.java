package org.nice4j.data;

import java.util.OptionalLong;

/**
 * Examples already in memory (an IDX file, which is read whole; rows made by a program), handed out in chunks like a
 * file reader's.
 */
public final class HeldRows implements RowReader {
    private final Rows rows;
    private int read;

    public HeldRows(Rows rows) {
        this.rows = rows;
    }

    @Override
    public DataShape shape() {
        return rows.dataShape();
    }

    @Override
    public OptionalLong size() {
        return OptionalLong.of(rows.size());
    }

    @Override
    public boolean labelled() {
        return rows.hasLabels();
    }

    @Override
    public Rows next(int max) {
        int n = Math.min(max, rows.size() - read);
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = read + i;
        }
        read += n;
        return rows.select(indices);
    }

    @Override
    public void close() {
        // nothing to release
    }
}
