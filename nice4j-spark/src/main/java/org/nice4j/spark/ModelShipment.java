package org.nice4j.spark;

import ai.djl.Device;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nice4j.NiceException;
import org.nice4j.io.ModelFile;

/**
 * A model file sent to every executor as a Spark broadcast of its bytes. The driver reads the file, so the path
 * needs to exist on the driver only (no shared storage, no {@code addFile}, whose files Spark 4 keeps per session);
 * a file missing or unreadable there fails before any task starts. Models are not {@code Serializable}: the file's
 * bytes are what travels, and each task rebuilds the model from them with {@link ModelFile}, bit for bit.
 */
final class ModelShipment implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Each executor JVM writes a broadcast model to its local disk once, for {@link ModelFile#load}. */
    private static final Map<Long, Path> LOCAL_COPIES = new ConcurrentHashMap<>();

    private final Broadcast<byte[]> bytes;
    private final String name;

    private ModelShipment(Broadcast<byte[]> bytes, String name) {
        this.bytes = bytes;
        this.name = name;
    }

    /** Reads {@code file} on the driver and broadcasts it. */
    static ModelShipment of(JavaSparkContext spark, Path file) {
        // Parse it here too: a damaged or foreign file fails once, on the driver, with the loader's message.
        ModelFile.load(file, Device.cpu()).model().close();
        try {
            return new ModelShipment(spark.broadcast(Files.readAllBytes(file)), file.toString());
        } catch (IOException e) {
            throw new NiceException(file + ": cannot read the model file (" + e.getMessage() + ")", e);
        }
    }

    /** The model, rebuilt on this executor; the caller closes it. */
    ModelFile.Loaded load() {
        return ModelFile.load(localCopy(), Device.cpu());
    }

    /** Where the model came from, for messages. */
    String name() {
        return name;
    }

    private Path localCopy() {
        return LOCAL_COPIES.computeIfAbsent(bytes.id(), id -> {
            try {
                Path file = Files.createTempFile("nice4j-model-" + id + "-", ".nice4j");
                file.toFile().deleteOnExit();
                Files.write(file, bytes.value());
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep the broadcast model " + name + " on local disk", e);
            }
        });
    }
}
