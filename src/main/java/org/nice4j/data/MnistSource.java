package org.nice4j.data;

import java.io.IOException;
import java.nio.file.Path;

/** One place MNIST can be downloaded from; {@link MnistFetcher} tries them in turn. */
interface MnistSource {

    /** Where the files come from, for progress and error lines. */
    String description();

    /** Writes the four IDX files (raw or gzip) into {@code dir}, which exists. */
    void download(Path dir) throws IOException;
}
