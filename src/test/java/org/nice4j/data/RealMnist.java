package org.nice4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The genuine MNIST, for the few tests about the real digits, found the way a user's run finds it: through
 * {@link DatasetLocator}, so from {@code $NICE4J_DATA}, the cache {@code ~/.nice4j/data/mnist}, or a download into
 * that cache. The project's shared data folder, when the checkout has one beside it, stands in for
 * {@code $NICE4J_DATA}, so that runs there need no cache and no network. Read once per test run.
 */
final class RealMnist {

    private static IdxFolder folder;
    private static ImageDataset train;
    private static ImageDataset test;

    private RealMnist() {
    }

    static synchronized ImageDataset train() {
        if (train == null) {
            train = folder().train();
        }
        return train;
    }

    static synchronized ImageDataset test() {
        if (test == null) {
            test = folder().test();
        }
        return test;
    }

    private static IdxFolder folder() {
        if (folder == null) {
            Path sharedData = Path.of(System.getProperty("nice4j.shared", "../shared"), "data");
            DatasetLocator locator = Files.isDirectory(sharedData)
                    ? new DatasetLocator(Map.of(DatasetLocator.ENV_VAR, sharedData.toString()),
                            Path.of(System.getProperty("user.home")), new MnistFetcher())
                    : DatasetLocator.fromSystem();
            folder = locator.locate(DatasetLocator.DEFAULT_DATASET, null);
        }
        return folder;
    }
}
