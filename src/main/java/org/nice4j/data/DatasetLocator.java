package org.nice4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;

/**
 * Finds the files of a named dataset ({@code mnist}), in this order:
 * <ol>
 *   <li>the data directory, when given: it must hold the four IDX files, since the user named it on purpose;</li>
 *   <li>the directory in environment variable {@value #ENV_VAR}: first {@code $NICE4J_DATA/<dataset>}, then, for
 *       {@value #DEFAULT_DATASET} only, {@code $NICE4J_DATA} itself (so it can point straight at the MNIST files
 *       without another dataset silently picking them up);</li>
 *   <li>the cache {@code ~/.nice4j/data/<dataset>};</li>
 *   <li>downloading into that cache with the {@link DatasetFetcher}.</li>
 * </ol>
 * Environment, home directory and fetcher are constructor parameters so that tests can check this order without
 * touching the real home directory or the network.
 */
public final class DatasetLocator {

    public static final String ENV_VAR = "NICE4J_DATA";
    public static final String DEFAULT_DATASET = "mnist";

    /** A single path component: no separators, no leading dot (so no "..", no hidden directories). */
    private static final Pattern DATASET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Map<String, String> env;
    private final Path home;
    private final DatasetFetcher fetcher;

    public DatasetLocator(Map<String, String> env, Path home, DatasetFetcher fetcher) {
        this.env = Map.copyOf(env);
        this.home = Objects.requireNonNull(home, "home");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    }

    /** The locator of a real run: process environment, the user's home, the MNIST downloader. */
    public static DatasetLocator fromSystem() {
        return new DatasetLocator(System.getenv(), Path.of(System.getProperty("user.home")), new MnistFetcher());
    }

    /**
     * Resolves {@code dataset}, downloading it when it is nowhere on disk.
     *
     * @param dataset the dataset name; with {@code dataDir} it only names the loaded data
     * @param dataDir the data directory, or {@code null} when not given
     * @throws InvalidSettingException when {@code dataDir} is not a directory or lacks a file ("dataDir"), or the
     *         dataset is not a plain name or is unknown and not on disk ("dataset")
     */
    public IdxFolder locate(String dataset, Path dataDir) {
        if (dataDir != null) {
            return explicitFolder(dataset, dataDir);
        }
        if (dataset == null || !DATASET_NAME.matcher(dataset).matches()) {
            throw new InvalidSettingException("dataset", "dataset name '" + dataset
                    + "' is not a plain name (letters, digits, . _ -)");
        }
        for (Path candidate : storedCandidates(dataset)) {
            IdxFolder folder = new IdxFolder(dataset, candidate);
            if (folder.isComplete()) {
                return folder;
            }
        }
        return fetch(dataset);
    }

    /** Where {@code dataset} is kept once downloaded: {@code ~/.nice4j/data/<dataset>}. */
    public Path cacheDir(String dataset) {
        return home.resolve(".nice4j").resolve("data").resolve(dataset);
    }

    private static IdxFolder explicitFolder(String dataset, Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            throw new InvalidSettingException("dataDir", "the data directory " + dataDir + " does not exist");
        }
        IdxFolder folder = new IdxFolder(dataset, dataDir);
        List<String> missing = folder.missingFiles();
        if (!missing.isEmpty()) {
            String file = missing.get(0);
            throw new InvalidSettingException("dataDir", "the data directory " + dataDir + " lacks " + file + " (or "
                    + file + IdxFolder.GZIP_SUFFIX + "); it must hold the four IDX files "
                    + String.join(", ", IdxFolder.FILE_NAMES));
        }
        return folder;
    }

    private List<Path> storedCandidates(String dataset) {
        List<Path> candidates = new ArrayList<>();
        String envDir = env.get(ENV_VAR);
        if (envDir != null && !envDir.isBlank()) {
            Path root = Path.of(envDir);
            candidates.add(root.resolve(dataset));
            if (DEFAULT_DATASET.equals(dataset)) {
                candidates.add(root);
            }
        }
        candidates.add(cacheDir(dataset));
        return candidates;
    }

    private IdxFolder fetch(String dataset) {
        if (!fetcher.knownDatasets().contains(dataset)) {
            throw new InvalidSettingException("dataset", "unknown dataset '" + dataset + "' (known: "
                    + String.join(", ", new TreeSet<>(fetcher.knownDatasets()))
                    + "; or a data directory with the four IDX files)");
        }
        Path target = cacheDir(dataset);
        fetcher.fetch(dataset, target);
        IdxFolder folder = new IdxFolder(dataset, target);
        if (!folder.isComplete()) {
            throw new NiceException(target + ": download of '" + dataset + "' finished without "
                    + String.join(", ", folder.missingFiles()));
        }
        return folder;
    }
}
