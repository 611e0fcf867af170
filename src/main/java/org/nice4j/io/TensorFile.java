package org.nice4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.function.UnaryOperator;
import org.nice4j.NiceException;

/**
 * The single-file container behind model files and training checkpoints: a JSON header plus named float32 tensors.
 *
 * <p>Layout, all integers little-endian:
 * <pre>
 *   8 bytes   magic "NICE4J\0\n"
 *   int32     format version (1)
 *   int32     kind length, then the kind in UTF-8 ("model", "checkpoint")
 *   int32     JSON length, then UTF-8 JSON {"header": …, "tensors": [{"name": …, "shape": […]}, …]}
 *   float32   the values of each tensor, in the listed order, row-major
 *   int64     CRC32 of every byte before it
 * </pre>
 * The kind keeps a checkpoint from being loaded where a model is expected; the version lets a newer layout be
 * refused with a clear message; the checksum turns a damaged file into an error instead of silently wrong weights.
 * Writes are atomic, so a crash or a full disk never destroys the previous file.
 */
public final class TensorFile {

    /** The kind of a finished model. */
    public static final String MODEL = "model";
    /** The kind of a resumable training checkpoint. */
    public static final String CHECKPOINT = "checkpoint";

    /** The layout version this code writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    /** The signature every file starts with; the NUL and newline expose text-mode transfers that mangle bytes. */
    static final byte[] MAGIC = "NICE4J\0\n".getBytes(StandardCharsets.US_ASCII);
    /** Bounds the kind so a garbage length cannot trigger a large allocation. */
    static final int MAX_KIND_BYTES = 256;
    /** Bounds the JSON block for the same reason; real headers are a few kilobytes. */
    static final int MAX_HEADER_BYTES = 64 << 20;
    /** Bytes of the CRC32 trailer. */
    static final int TRAILER_BYTES = Long.BYTES;

    private TensorFile() {
    }

    /** What a file holds. The tensors keep the order in which they were written. */
    public record Contents(String kind, int formatVersion, JsonNode header, LinkedHashMap<String, HostTensor> tensors) {
    }

    /**
     * Writes {@code tensors} and {@code header} to {@code file} atomically: the bytes go to a temporary file in the
     * same directory, are forced to disk, and the temporary file then replaces {@code file} in one rename. Missing
     * parent directories are created.
     *
     * @param kind what the file is, usually {@link #MODEL} or {@link #CHECKPOINT}
     * @param header any JSON the caller wants back on reading (configuration, training state)
     * @param tensors the tensors, stored in iteration order
     * @throws NiceException naming the file if the arguments are unfit or the file cannot be written; the previous
     *     file, if any, is then left as it was and no temporary file remains
     */
    public static void write(Path file, String kind, JsonNode header, LinkedHashMap<String, HostTensor> tensors) {
        write(file, kind, header, tensors, UnaryOperator.identity());
    }

    /** As {@link #write(Path, String, JsonNode, LinkedHashMap)}, with {@code wrap} around the file's raw stream. */
    static void write(Path file, String kind, JsonNode header, LinkedHashMap<String, HostTensor> tensors,
            UnaryOperator<OutputStream> wrap) {
        new TensorFileWriter(file, wrap).write(kind, header, tensors);
    }

    /**
     * Reads a whole file, checking its signature, version, lengths and checksum. The kind is compared only once the
     * checksum has passed, so a kind mismatch is never a disguised case of damage.
     *
     * @param expectedKind the kind the caller can use, or {@code null} to accept any kind
     * @throws NiceException naming the file if it is missing, foreign, truncated, corrupted, too new, or of another
     *     kind
     */
    public static Contents read(Path file, String expectedKind) {
        return TensorFileReader.read(file, expectedKind);
    }

    /** An I/O failure's reason on one line, without the path that the caller's message already names. */
    static String oneLine(IOException e) {
        String reason;
        if (e instanceof FileSystemException fse) {
            reason = fse.getReason();
        } else if (e instanceof JsonProcessingException json) {
            reason = json.getOriginalMessage();
        } else {
            reason = e.getMessage();
        }
        return reason == null ? e.getClass().getSimpleName() : reason.replaceAll("\\s+", " ").strip();
    }
}
