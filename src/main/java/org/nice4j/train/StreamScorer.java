package org.nice4j.train;

import org.nice4j.NiceException;
import org.nice4j.data.Examples;
import org.nice4j.data.RowReader;
import org.nice4j.data.Rows;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Preprocessing;

/**
 * Scores a data source row by row with a model's exact preprocessing, reading it a chunk at a time, so that a file
 * larger than memory is scored in constant memory. Pixels get the evaluation noise of {@link Evaluator}, fixed by
 * each row's index in the file: the same row gets the same score however the file is chunked or batched, and the
 * scores of an IDX test file equal those {@code eval} averages.
 */
public final class StreamScorer {
    /** About the rows read at a time: a few megabytes of MNIST-sized rows, many scoring batches. */
    public static final int CHUNK_ROWS = 4000;

    /** Receives each row's score in file order. */
    @FunctionalInterface
    public interface RowScores {
        /**
         * @param row           the row's index in the source, from 0
         * @param chunk         the chunk holding it (for its label)
         * @param indexInChunk  its index in that chunk
         * @param logLikelihood log p(x) in nats
         */
        void accept(long row, Rows chunk, int indexInChunk, double logLikelihood);
    }

    private StreamScorer() {}

    /**
     * {@link #CHUNK_ROWS} rounded down to a whole number of batches (at least one), so that no chunk ends in a short
     * batch: a batch of a new size costs the engine a slower first pass.
     */
    public static int chunkRows(int batchSize) {
        return Math.max(1, CHUNK_ROWS / batchSize) * batchSize;
    }

    /**
     * Reads {@code reader} to its end in chunks of {@code chunkRows}, scoring them in batches of {@code batchSize}.
     *
     * @param source where the reader reads, for messages
     * @return the number of rows scored
     * @throws NiceException when the data's shape is not the model's
     */
    public static long score(FlowModel model, RowReader reader, String source, int chunkRows, int batchSize,
            RowScores scores) {
        Preprocessing pre = model.preprocessing();
        if (!reader.shape().equals(pre.dataShape())) {
            throw new NiceException(source + ": the model takes " + pre.dataShape().describe() + ", the data is "
                    + reader.shape().describe());
        }
        long row = 0;
        for (Rows chunk = reader.next(chunkRows); chunk.size() > 0; chunk = reader.next(chunkRows)) {
            Examples examples = pre.examples(chunk, row);
            double[] ll = Evaluator.logLikelihoods(model, examples, batchSize);
            for (int i = 0; i < ll.length; i++) {
                scores.accept(row + i, chunk, i, ll[i]);
            }
            row += ll.length;
        }
        return row;
    }
}
