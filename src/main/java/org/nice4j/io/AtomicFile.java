package org.nice4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * Writes a file so that readers only ever see the old complete file or the new complete one: the bytes go to a
 * temporary sibling (a rename is only atomic within one file system), are forced to disk, and the temporary file then
 * replaces the target in one rename. When writing fails the temporary file is removed, so a full disk or an exception
 * leaves the previous file as it was and nothing beside it; a killed process can leave a temporary file, never a
 * partial target.
 */
public final class AtomicFile {

    /** Writes a file's bytes to {@code out}, buffering as it likes; it need not flush or close. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    /** Writes {@code content} to {@code file} atomically, creating missing parent folders. */
    public static void write(Path file, Content content) throws IOException {
        write(file, content, UnaryOperator.identity());
    }

    /**
     * As {@link #write(Path, Content)}, with {@code wrap} applied to the temporary file's raw stream: tests inject
     * failures with it.
     */
    public static void write(Path file, Content content, UnaryOperator<OutputStream> wrap) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(target.getFileName() + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                OutputStream out = wrap.apply(Channels.newOutputStream(channel));
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Throwable failure) {
            discard(temp, failure);
            throw failure;
        }
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
