package org.nice4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.nice4j.NiceException;
import org.nice4j.data.DatasetFetcher;
import org.nice4j.data.DatasetLocator;
import org.nice4j.data.ImageDataset;
import org.nice4j.data.ImageExamples;
import org.nice4j.data.MnistFetcher;
import org.nice4j.model.Preprocessing;

/**
 * The test split a run was trained with, found from its provenance (data folder, dataset name, limit) on this
 * machine only: the server never downloads, so a run whose data is not here offers drawing instead of test images.
 * Each split is read once and shared.
 */
final class TestImages {
    /** The locator of a real run with a fetcher that refuses: data is used where it lies, or not at all. */
    private static final DatasetFetcher NO_DOWNLOAD = new DatasetFetcher() {
        @Override
        public Set<String> knownDatasets() {
            return new MnistFetcher().knownDatasets();
        }

        @Override
        public void fetch(String dataset, Path targetDir) {
            throw new NiceException("the test images of '" + dataset + "' are not on this machine (the server does "
                    + "not download data; train or fetch it once with nice4j)");
        }
    };

    private record Source(String dataset, String dataDir, Integer limit) {}

    private final Map<Source, ImageDataset> loaded = new ConcurrentHashMap<>();

    /** The test split of the run that {@code provenance} describes, checked against the model's input. */
    ImageDataset of(JsonNode provenance, Preprocessing pre) {
        if (!pre.isImage()) {
            throw new Unavailable("the model takes continuous data, not images");
        }
        Source source = new Source(provenance.path("dataset").asText(DatasetLocator.DEFAULT_DATASET),
                provenance.hasNonNull("data_dir") ? provenance.get("data_dir").asText() : null,
                provenance.hasNonNull("limit") ? provenance.get("limit").asInt() : null);
        ImageDataset test;
        try {
            test = loaded.computeIfAbsent(source, TestImages::read);
        } catch (NiceException e) {
            throw new Unavailable("no test images: " + e.getMessage());
        }
        if (test.dimension() != pre.dimension()) {
            throw new Unavailable("the test images are " + test.rows() + "x" + test.cols() + ", the model's "
                    + pre.height() + "x" + pre.width());
        }
        return test;
    }

    /** Test image {@code index} as model input, dequantized with the fixed evaluation noise. */
    static float[] image(ImageDataset test, int levels, int index) {
        return new ImageExamples(test, levels).evaluationBatch(new int[] {index});
    }

    static List<Integer> labels(ImageDataset test, int from, int count) {
        return IntStream.range(from, Math.min(test.size(), from + count))
                .mapToObj(i -> test.hasLabels() ? test.label(i) : -1).toList();
    }

    private static ImageDataset read(Source source) {
        ImageDataset test = new DatasetLocator(System.getenv(), Path.of(System.getProperty("user.home")), NO_DOWNLOAD)
                .locate(source.dataset(), source.dataDir() == null ? null : Path.of(source.dataDir()))
                .referenceSplits().test();
        return source.limit() == null ? test : test.limit(source.limit());
    }
}
