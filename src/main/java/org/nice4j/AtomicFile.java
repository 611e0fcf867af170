package org.nice4j;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers only ever see the previous complete file or the new complete one, never half of one:
 * a killed training run keeps its last checkpoint, an interrupted download leaves no file under the real name, and a
 * web page polling a figure never shows a truncated image. Every file nice4j writes goes through here.
 *
 * <p>The bytes go to a hidden temporary file in the target's directory (a rename is atomic only within one file
 * system), are forced to disk, and the temporary file then replaces the target in one atomic rename. On any failure
 * the temporary file is removed and the target is left as it was.
 */
public final class AtomicFile {

    private static final int BUFFER_BYTES = 1 << 16;

    /** Produces a file's bytes. It may be called once only, and must not close the stream it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {}

    /** Writes {@code content} to {@code target} atomically, creating missing parent directories. */
    public static void write(Path target, Content content) throws IOException {
        Path file = target.toAbsolutePath();
        Files.createDirectories(file.getParent());
        // Opened as a new file rather than with Files.createTempFile, which would give the result owner-only
        // permissions; this way a model file gets the same permissions as any file the user creates.
        Path temp = file.resolveSibling("." + file.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Throwable failure) {
            discard(temp, failure);
            throw failure;
        }
    }

    /** Writes {@code text} in UTF-8 to {@code target} atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Removes a half-written temporary file without letting a second failure hide the first. */
    private static void discard(Path temp, Throwable failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
