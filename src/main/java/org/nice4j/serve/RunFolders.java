package org.nice4j.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;
import org.nice4j.train.RunDirectory;

/**
 * The run folders under the served root, and the only way the server reaches a file. Every path is resolved to its
 * real location (symbolic links followed) and must lie inside the root's real location, so {@code ..}, absolute
 * paths, links that point out and their URL-encoded spellings all end in {@link NotFound}.
 */
final class RunFolders {
    /** A run is one plain folder name: no separators, no leading dot. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    /** A file inside a run: plain names separated by '/', none starting with a dot. */
    private static final Pattern RELATIVE_FILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*");

    private final Path root;

    RunFolders(Path root) {
        if (!Files.isDirectory(root)) {
            throw new InvalidSettingException("runs", "the runs folder " + root + " does not exist");
        }
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new InvalidSettingException("runs", "cannot read the runs folder " + root + " (" + e.getMessage()
                    + ")");
        }
    }

    Path root() {
        return root;
    }

    /** The runs, by name: folders directly under the root that hold something a training run writes. */
    List<String> ids() {
        try (Stream<Path> children = Files.list(root)) {
            return children.map(p -> p.getFileName().toString()).filter(RUN_ID.asMatchPredicate())
                    .filter(id -> inside(root.resolve(id)) && isRun(new RunDirectory(root.resolve(id)))).sorted()
                    .toList();
        } catch (IOException e) {
            throw new NiceException(root + ": cannot list the runs (" + e.getMessage() + ")");
        }
    }

    /** @throws NotFound unless {@code id} names a run folder inside the root */
    RunDirectory run(String id) {
        if (id == null || !RUN_ID.matcher(id).matches()) {
            throw new NotFound("no run '" + Params.shortened(String.valueOf(id)) + "'");
        }
        Path dir = root.resolve(id);
        if (!inside(dir) || !isRun(new RunDirectory(dir))) {
            throw new NotFound("no run '" + id + "'");
        }
        return new RunDirectory(dir);
    }

    /** @throws NotFound unless {@code relative} names a regular file inside run {@code id}, links resolved */
    Path file(String id, String relative) {
        RunDirectory run = run(id);
        if (relative == null || !RELATIVE_FILE.matcher(relative).matches()) {
            throw new NotFound("no file '" + Params.shortened(String.valueOf(relative)) + "' in run '" + id + "'");
        }
        try {
            Path file = run.dir().resolve(relative);
            Path real = file.toRealPath();
            if (real.startsWith(run.dir().toRealPath()) && Files.isRegularFile(real)) {
                return real;
            }
        } catch (IOException | InvalidPathException e) {
            // a missing file is answered as one outside the root: nothing to serve
        }
        throw new NotFound("no file '" + relative + "' in run '" + id + "'");
    }

    private boolean inside(Path dir) {
        try {
            return dir.toRealPath().startsWith(root) && Files.isDirectory(dir);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isRun(RunDirectory run) {
        return Files.exists(run.metrics()) || Files.exists(run.model()) || Files.exists(run.checkpoint())
                || Files.exists(run.summary());
    }
}
