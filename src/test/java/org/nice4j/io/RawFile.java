package org.nice4j.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Builds tensor files byte by byte, so tests can produce layouts the writer would never emit. */
final class RawFile {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    static RawFile start(int version, String kind) {
        RawFile raw = new RawFile();
        raw.bytes.writeBytes(TensorFile.MAGIC);
        return raw.putInt(version).putBlock(kind);
    }

    RawFile putInt(int value) {
        bytes.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
        return this;
    }

    RawFile putBlock(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        putInt(utf8.length);
        bytes.writeBytes(utf8);
        return this;
    }

    RawFile putFloats(int count) {
        bytes.writeBytes(new byte[count * Float.BYTES]);
        return this;
    }

    /** Appends the CRC32 trailer over everything so far and returns the file's bytes. */
    byte[] finish() {
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        bytes.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(crc.getValue()).array());
        return bytes.toByteArray();
    }

    byte[] unfinished() {
        return bytes.toByteArray();
    }
}
