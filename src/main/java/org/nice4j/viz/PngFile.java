package org.nice4j.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;
import org.nice4j.NiceException;

/**
 * Writes a PNG so that readers never see half a file: the bytes go to a hidden temporary file next to the target,
 * which is then renamed over it. A training run that is killed mid-write leaves the previous figure intact, and a
 * web page polling the file never shows a truncated image.
 */
final class PngFile {
    private PngFile() {}

    static void write(BufferedImage image, Path out) {
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            if (!ImageIO.write(image, "png", temp.toFile())) {
                throw new IOException("no PNG writer for this image type");
            }
            move(temp, target);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new NiceException("cannot write PNG " + out + ": " + reason(e), e);
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // The write already failed; that error is the one worth reporting.
        }
    }

    /** NIO exceptions carry only a path as their message; say what went wrong with it. */
    private static String reason(IOException e) {
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a directory";
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied on " + f.getFile();
        }
        if (e instanceof NoSuchFileException f) {
            return "no such file or directory " + f.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + (f.getFile() == null ? "" : " (" + f.getFile() + ")");
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
