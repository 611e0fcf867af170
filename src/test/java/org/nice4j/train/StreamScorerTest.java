package org.nice4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.nice4j.ImageShape;
import org.nice4j.NiceException;
import org.nice4j.data.DataShape;
import org.nice4j.data.ImageDataset;
import org.nice4j.data.PixelRange;
import org.nice4j.data.RowReader;
import org.nice4j.data.Rows;
import org.nice4j.model.FlowModel;
import org.nice4j.model.ModelConfig;
import org.nice4j.model.NetworkConfig;
import org.nice4j.model.PartitionKind;
import org.nice4j.model.Preprocessing;
import org.nice4j.nn.Init;
import org.nice4j.prior.PriorKind;

class StreamScorerTest {
    private static final ImageShape SHAPE = new ImageShape(3, 2, 2);
    private static final ModelConfig SMALL = ModelConfig.nice(2, PartitionKind.ODD_EVEN,
            new NetworkConfig(8, 1, Init.UNIFORM, 0.5, false), true, PriorKind.LOGISTIC);

    /**
     * Images made on request, one chunk at a time, that check they are only asked for the next chunk once every row
     * of the last one has been scored: the scorer holds at most one chunk, however long the source.
     */
    private static final class GeneratedImages implements RowReader {
        final int total;
        final List<Integer> requests = new ArrayList<>();
        long handedOut;
        long scored;

        GeneratedImages(int total) {
            this.total = total;
        }

        @Override
        public DataShape shape() {
            return DataShape.image(SHAPE);
        }

        @Override
        public OptionalLong size() {
            return OptionalLong.empty();
        }

        @Override
        public boolean labelled() {
            return false;
        }

        @Override
        public Rows next(int max) {
            assertEquals(handedOut, scored, "a chunk was requested before the last one was scored");
            requests.add(max);
            int n = (int) Math.min(max, total - handedOut);
            ImageDataset chunk = images(handedOut, n);
            handedOut += n;
            return chunk;
        }

        @Override
        public void close() {
            // nothing held
        }
    }

    @Test
    void scoresInChunksEqualScoresOfTheWholeSetAndOnlyOneChunkIsHeld() {
        Preprocessing pre = new Preprocessing(256, 3, 2, 2, PixelRange.SYMMETRIC);
        try (FlowModel model = FlowModel.create(SMALL, pre, Device.cpu(), 3)) {
            GeneratedImages source = new GeneratedImages(53);
            double[] streamed = new double[53];
            long n = StreamScorer.score(model, source, "generated", 10, 3, (row, chunk, i, ll) -> {
                streamed[(int) row] = ll;
                source.scored++;
            });
            assertEquals(53, n);
            assertEquals(List.of(10, 10, 10, 10, 10, 10, 10), source.requests);

            double[] whole = Evaluator.logLikelihoods(model, pre.examples(images(0, 53), 0), 200);
            for (int i = 0; i < whole.length; i++) {
                assertEquals(whole[i], streamed[i], 1e-4 * Math.abs(whole[i]) + 1e-4, "row " + i);
            }
            assertTrue(whole[0] != whole[1]);
        }
    }

    @Test
    void dataOfAnotherShapeIsRefusedNamingTheSource() {
        try (FlowModel model = FlowModel.create(SMALL, Preprocessing.images(2, 6), Device.cpu(), 3)) {
            NiceException e = assertThrows(NiceException.class, () -> StreamScorer.score(model,
                    new GeneratedImages(1), "photos/", 10, 3, (row, chunk, i, ll) -> { }));
            assertEquals("photos/: the model takes images (channels, height, width) (1, 2, 6), the data is images"
                    + " (channels, height, width) (3, 2, 2)", e.getMessage());
        }
    }

    /** {@code n} images whose pixels depend on their index in the whole source, from {@code first}. */
    private static ImageDataset images(long first, int n) {
        int d = SHAPE.size();
        byte[] pixels = new byte[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                pixels[i * d + j] = (byte) ((first + i) * 37 + j * 11);
            }
        }
        return new ImageDataset("generated", SHAPE.channels(), SHAPE.height(), SHAPE.width(), pixels, null);
    }
}
