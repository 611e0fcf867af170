package org.nice4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.nice4j.NiceException;

/**
 * A directory holding a dataset as the four standard MNIST file names, each raw or with a {@code .gz} suffix.
 * Fashion-MNIST, KMNIST and hand-made sets that follow the same convention load the same way.
 *
 * @param name the dataset's name, given to the loaded {@link ImageDataset}s
 * @param dir  the directory
 */
public record IdxFolder(String name, Path dir) {

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** The four files, by their uncompressed names. */
    public static final List<String> FILE_NAMES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
    public static final String GZIP_SUFFIX = ".gz";

    /**
     * The file stored under {@code fileName}, raw or gzip. The raw file wins when both exist because it reads
     * faster.
     */
    public Optional<Path> find(String fileName) {
        return Optional.of(dir.resolve(fileName)).filter(Files::isRegularFile)
                .or(() -> Optional.of(dir.resolve(fileName + GZIP_SUFFIX)).filter(Files::isRegularFile));
    }

    /** The standard names of which neither the raw nor the gzip form exists, in {@link #FILE_NAMES} order. */
    public List<String> missingFiles() {
        return FILE_NAMES.stream().filter(f -> find(f).isEmpty()).toList();
    }

    public boolean isComplete() {
        return missingFiles().isEmpty();
    }

    /** The labelled training file. */
    public ImageDataset train() {
        return IdxReader.read(name, require(TRAIN_IMAGES), require(TRAIN_LABELS));
    }

    /** The labelled test file. */
    public ImageDataset test() {
        return IdxReader.read(name, require(TEST_IMAGES), require(TEST_LABELS));
    }

    /** Both files, split as in the NICE reference code (see {@link Splits#referenceSplit}). */
    public Splits referenceSplits() {
        return Splits.referenceSplit(train(), test());
    }

    private Path require(String fileName) {
        return find(fileName).orElseThrow(() -> new NiceException(
                dir + ": missing " + fileName + " (or " + fileName + GZIP_SUFFIX + ")"));
    }
}
