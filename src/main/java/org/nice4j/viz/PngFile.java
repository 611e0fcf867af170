package org.nice4j.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.nice4j.AtomicFile;
import org.nice4j.NiceException;

/** Writes a PNG atomically (see {@link AtomicFile}), so that a figure being replaced is never seen half-written. */
final class PngFile {
    private PngFile() {}

    static void write(BufferedImage image, Path out) {
        try {
            AtomicFile.write(out, stream -> {
                // An explicit in-memory image stream: given a plain OutputStream, ImageIO would buffer through a
                // cache file of its own in the system's temporary directory.
                try (ImageOutputStream png = new MemoryCacheImageOutputStream(stream)) {
                    if (!ImageIO.write(image, "png", png)) {
                        throw new IOException("no PNG writer for this image type");
                    }
                }
            });
        } catch (IOException e) {
            throw new NiceException("cannot write PNG " + out + ": " + reason(e), e);
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
