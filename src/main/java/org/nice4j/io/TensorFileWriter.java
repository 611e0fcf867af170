package org.nice4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import org.nice4j.NiceException;

/** Writes one tensor file, checksummed, through {@link AtomicFile}. */
final class TensorFileWriter {

    private static final int CHUNK_BYTES = 1 << 16;

    private final Path file;
    private final UnaryOperator<OutputStream> wrap;

    /** @param wrap applied to the temporary file's raw stream; tests use it to inject failures */
    TensorFileWriter(Path file, UnaryOperator<OutputStream> wrap) {
        this.file = Objects.requireNonNull(file, "file");
        this.wrap = wrap;
    }

    void write(String kind, JsonNode header, Map<String, HostTensor> tensors) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(tensors, "tensors");
        byte[] kindBytes = kind.getBytes(StandardCharsets.UTF_8);
        if (kindBytes.length == 0 || kindBytes.length > TensorFile.MAX_KIND_BYTES) {
            throw fail("the kind must be 1 to " + TensorFile.MAX_KIND_BYTES + " bytes long");
        }
        tensors.forEach((name, tensor) -> {
            if (name == null || name.isEmpty() || tensor == null) {
                throw fail("every tensor needs a non-empty name and a value");
            }
        });
        try {
            byte[] json = Envelope.describe(header, tensors).toJson();
            if (json.length > TensorFile.MAX_HEADER_BYTES) {
                throw fail("the header is " + json.length + " bytes of JSON, more than the limit of "
                        + TensorFile.MAX_HEADER_BYTES);
            }
            AtomicFile.write(file, out -> writeContent(out, kindBytes, json, tensors), wrap);
        } catch (IOException e) {
            throw new NiceException(file + ": cannot write (" + TensorFile.oneLine(e) + ")", e);
        }
    }

    private static void writeContent(OutputStream raw, byte[] kind, byte[] json, Map<String, HostTensor> tensors)
            throws IOException {
        CRC32 crc = new CRC32();
        CheckedOutputStream out = new CheckedOutputStream(new BufferedOutputStream(raw, CHUNK_BYTES), crc);
        out.write(TensorFile.MAGIC);
        out.write(littleEndian(Integer.BYTES).putInt(TensorFile.FORMAT_VERSION).array());
        writeBlock(out, kind);
        writeBlock(out, json);
        byte[] chunk = new byte[CHUNK_BYTES];
        for (HostTensor tensor : tensors.values()) {
            writeFloats(out, tensor.data(), chunk);
        }
        out.write(littleEndian(TensorFile.TRAILER_BYTES).putLong(crc.getValue()).array());
        out.flush();
    }

    private static void writeBlock(OutputStream out, byte[] block) throws IOException {
        out.write(littleEndian(Integer.BYTES).putInt(block.length).array());
        out.write(block);
    }

    /** Copies floats in bulk through a little-endian view; one write call per float would be far too slow. */
    private static void writeFloats(OutputStream out, float[] data, byte[] chunk) throws IOException {
        FloatBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        for (int offset = 0; offset < data.length; ) {
            int count = Math.min(view.capacity(), data.length - offset);
            view.clear();
            view.put(data, offset, count);
            out.write(chunk, 0, count * Float.BYTES);
            offset += count;
        }
    }

    private static ByteBuffer littleEndian(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private NiceException fail(String problem) {
        return new NiceException(file + ": cannot write (" + problem + ")");
    }
}
