package org.nice4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nice4j.NiceException;

/**
 * A file of the driver's (a model file, a training checkpoint) sent to every executor as a Spark broadcast of its
 * bytes. The path needs to exist on the driver only (no shared storage, no {@code addFile}, whose files Spark 4 keeps
 * per session), and a file missing there fails before any task starts. nice4j's models are not
 * {@code Serializable}: their files are what travels, and executors rebuild the models from them bit for bit.
 */
final class FileBroadcast implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Each executor JVM writes a broadcast file to its local disk once, for the loaders that read paths. Keyed by a
     * key of the shipment's own: broadcast ids start again at 0 in every Spark context a JVM runs.
     */
    private static final Map<String, Path> LOCAL_COPIES = new ConcurrentHashMap<>();

    private final Broadcast<byte[]> bytes;
    private final String name;
    private final String key = UUID.randomUUID().toString();

    private FileBroadcast(Broadcast<byte[]> bytes, String name) {
        this.bytes = bytes;
        this.name = name;
    }

    /** Reads {@code file} on the driver and broadcasts it. */
    static FileBroadcast of(JavaSparkContext spark, Path file) {
        try {
            return new FileBroadcast(spark.broadcast(Files.readAllBytes(file)), file.toString());
        } catch (IOException e) {
            throw new NiceException(file + ": cannot read (" + e + ")", e);
        }
    }

    /** Where the file came from, for messages. */
    String name() {
        return name;
    }

    /** The file on this executor's local disk. */
    Path localCopy() {
        return LOCAL_COPIES.computeIfAbsent(key, id -> {
            try {
                Path file = Files.createTempFile("nice4j-broadcast-", ".nice4j");
                file.toFile().deleteOnExit();
                Files.write(file, bytes.value());
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep the broadcast " + name + " on local disk", e);
            }
        });
    }

    /** Frees the broadcast on the executors and the driver's local copy (executors' copies go with their JVMs). */
    void destroy() {
        Path local = LOCAL_COPIES.remove(key);
        if (local != null) {
            local.toFile().delete();
        }
        bytes.destroy();
    }
}
