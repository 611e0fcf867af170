package org.nice4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nice4j.NiceException;
import org.nice4j.io.ModelFile;
import org.nice4j.io.TensorFile;

/**
 * Whether each run's model file is usable, read once per version of the file (its size and time): the whole file
 * with its checksum and the architecture in its header, on the host only. The runs list shows a damaged or
 * foreign file as an error card without ever handing it to the engine.
 */
final class ModelChecks {
    /** The outcome for one version of a file: its provenance, or why it cannot be used. */
    record Check(long size, FileTime modified, JsonNode provenance, String error) {
        boolean ok() {
            return error == null;
        }
    }

    private final Map<Path, Check> checks = new ConcurrentHashMap<>();

    /** The check of {@code file} as it is now; null when there is no such file. */
    Check of(Path file) {
        long size;
        FileTime modified;
        try {
            size = Files.size(file);
            modified = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            checks.remove(file);
            return null;
        }
        Check known = checks.get(file);
        if (known != null && known.size() == size && known.modified().equals(modified)) {
            return known;
        }
        Check fresh = check(file, size, modified);
        checks.put(file, fresh);
        return fresh;
    }

    private static Check check(Path file, long size, FileTime modified) {
        try {
            TensorFile.Contents contents = TensorFile.read(file, TensorFile.MODEL);
            ModelFile.storedArchitecture(contents.header(), file);
            return new Check(size, modified, contents.header().path("provenance"), null);
        } catch (NiceException e) {
            return new Check(size, modified, null, e.getMessage());
        }
    }
}
