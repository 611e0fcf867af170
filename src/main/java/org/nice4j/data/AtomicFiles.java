package org.nice4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes downloaded files so that a reader never sees half of one: the bytes go to a temporary file next to the
 * target, which is then renamed over it in one step. An interrupted download leaves no file under the real name.
 */
final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Copies {@code in} to {@code target} through a temporary sibling file and an atomic rename. */
    static void copy(InputStream in, Path target) throws IOException {
        Path partial = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName() + ".", ".part");
        try {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
