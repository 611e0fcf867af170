package org.nice4j.data;

import java.nio.file.Path;
import java.util.Set;

/**
 * Downloads a named dataset as the four IDX files of an {@link IdxFolder}. An interface so that
 * {@link DatasetLocator} can be tested without a network.
 */
public interface DatasetFetcher {

    /** The dataset names this fetcher can download. */
    Set<String> knownDatasets();

    /**
     * Downloads {@code dataset} into {@code targetDir} (created if needed), leaving the four IDX files there.
     *
     * @throws org.nice4j.NiceException naming the dataset and what failed, when no source worked
     */
    void fetch(String dataset, Path targetDir);
}
