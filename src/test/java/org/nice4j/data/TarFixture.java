package org.nice4j.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds gzip tar archives in the layout npm produces, so the extraction code is tested without a network. */
final class TarFixture {

    private final ByteArrayOutputStream tar = new ByteArrayOutputStream();

    TarFixture file(String name, byte[] content) {
        return entry("", name, '0', content);
    }

    TarFixture directory(String name) {
        return entry("", name, '5', new byte[0]);
    }

    /** An entry whose name is split into the ustar prefix and name fields. */
    TarFixture entry(String prefix, String name, char type, byte[] content) {
        byte[] header = new byte[TarReader.BLOCK];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0001750");
        put(header, 116, "0001750");
        put(header, 124, String.format("%011o", content.length));
        put(header, 136, String.format("%011o", 0));
        header[156] = (byte) type;
        put(header, 257, "ustar");
        put(header, 263, "00");
        put(header, 345, prefix);
        long sum = 0;
        for (int i = 0; i < TarReader.BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xFF;
        }
        put(header, 148, String.format("%06o", sum));
        header[155] = ' ';
        tar.writeBytes(header);
        tar.writeBytes(content);
        tar.writeBytes(new byte[(TarReader.BLOCK - content.length % TarReader.BLOCK) % TarReader.BLOCK]);
        return this;
    }

    /** The archive with its two terminating zero blocks. */
    byte[] tarBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(tar.toByteArray());
        out.writeBytes(new byte[2 * TarReader.BLOCK]);
        return out.toByteArray();
    }

    Path writeTgz(Path file) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(tarBytes());
        }
        return file;
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
