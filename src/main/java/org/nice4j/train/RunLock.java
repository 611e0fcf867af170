package org.nice4j.train;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;

/**
 * The operating system's lock on a run folder's {@code run.lock}, held by the process that trains the run. It tells a
 * live run from one whose process died (the system releases a dead process's locks, so a crash leaves nothing stale
 * behind), and it keeps two processes from training the same run and overwriting each other's checkpoints.
 */
public final class RunLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;

    private RunLock(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * Takes the lock of {@code run}, creating its folder if needed.
     *
     * @param setting the setting that named the run ("runDir" for a new run, "resume"), for the error's flag
     * @throws InvalidSettingException when another process (or this one) is training the run
     */
    public static RunLock acquire(RunDirectory run, String setting) {
        Path file = file(run);
        FileChannel channel = null;
        try {
            Files.createDirectories(run.dir());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (tryLock(channel, false) == null) {
                throw new InvalidSettingException(setting, run.dir() + " is being trained by another process (it"
                        + " holds " + file.getFileName() + "); wait for it to end or stop it first");
            }
            return new RunLock(file, channel); // the lock lives as long as the channel
        } catch (IOException e) {
            close(channel);
            throw new NiceException(file + ": cannot lock the run (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            close(channel);
            throw e;
        }
    }

    /** Whether a live process is training {@code run} now. */
    public static boolean isHeld(RunDirectory run) {
        Path file = file(run);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock probe = tryLock(channel, true);
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (IOException e) {
            return false; // unreadable: nobody can be holding it for training either
        }
    }

    /** The lock, or null when someone else holds it (this process included: the JVM refuses overlapping locks). */
    private static FileLock tryLock(FileChannel channel, boolean shared) throws IOException {
        try {
            return channel.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static Path file(RunDirectory run) {
        return run.dir().resolve("run.lock");
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the failure being reported matters more
            }
        }
    }

    /** Releases the lock (closing its channel does). */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new NiceException(file + ": cannot release the run's lock (" + e.getMessage() + ")");
        }
    }
}
