package org.nice4j.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import org.nice4j.NiceException;

/**
 * Reads one tensor file in a single streaming pass, checksumming as it goes. Every length read from the file is
 * checked against the file's size before anything is allocated, so a damaged or foreign file yields a one-line
 * error rather than an {@link OutOfMemoryError}, and a short file says where it ends.
 */
final class TensorFileReader {

    private static final int CHUNK_BYTES = 1 << 16;

    private final Path file;
    private final long size;
    private final CheckedInputStream in;
    private long position;

    private TensorFileReader(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.size = channel.size();
        this.in = new CheckedInputStream(new BufferedInputStream(Channels.newInputStream(channel), CHUNK_BYTES),
                new CRC32());
    }

    static TensorFile.Contents read(Path file, String expectedKind) {
        if (Files.isDirectory(file)) {
            throw new NiceException(file + ": is a directory, expected a nice4j file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new TensorFileReader(file, channel).readContents(expectedKind);
        } catch (NoSuchFileException e) {
            throw new NiceException(file + ": not found", e);
        } catch (IOException e) {
            throw new NiceException(file + ": cannot read (" + TensorFile.oneLine(e) + ")", e);
        }
    }

    private TensorFile.Contents readContents(String expectedKind) throws IOException {
        readMagic();
        int version = readInt("the format version");
        if (version > TensorFile.FORMAT_VERSION) {
            throw new NiceException(file + ": format version " + version + " is newer than this nice4j understands ("
                    + TensorFile.FORMAT_VERSION + ")");
        }
        if (version < 1) {
            throw corrupted("format version " + version + " is invalid");
        }
        String kind = new String(readBlock("the kind", TensorFile.MAX_KIND_BYTES), StandardCharsets.UTF_8);
        Envelope envelope = Envelope.parse(readBlock("the header", TensorFile.MAX_HEADER_BYTES), this::corrupted);
        checkSize(envelope.entries());
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        byte[] chunk = new byte[CHUNK_BYTES];
        for (Envelope.Entry entry : envelope.entries()) {
            tensors.put(entry.name(), new HostTensor(entry.shape(), readFloats(entry, chunk)));
        }
        long computed = in.getChecksum().getValue();
        if (readBytes(TensorFile.TRAILER_BYTES, "the checksum").getLong() != computed) {
            throw corrupted("checksum mismatch");
        }
        if (expectedKind != null && !expectedKind.equals(kind)) {
            throw new NiceException(file + ": is a " + kind + ", expected a " + expectedKind);
        }
        return new TensorFile.Contents(kind, version, envelope.header(), tensors);
    }

    /** A prefix of the signature is a cut-off nice4j file; anything else is some other file altogether. */
    private void readMagic() throws IOException {
        int available = (int) Math.min(size, TensorFile.MAGIC.length);
        byte[] start = new byte[available];
        readFully(start, available, "the signature");
        if (!Arrays.equals(start, Arrays.copyOf(TensorFile.MAGIC, available))) {
            throw new NiceException(file + ": not a nice4j file (it does not start with the nice4j signature)");
        }
        require(TensorFile.MAGIC.length - available, "the signature");
    }

    /** Reads a length-prefixed block, refusing lengths that are negative or above {@code limit}. */
    private byte[] readBlock(String what, int limit) throws IOException {
        int length = readInt("the length of " + what);
        if (length < 0 || length > limit) {
            throw corrupted("the length of " + what + " is " + length + ", outside 0.." + limit);
        }
        require(length, what);
        byte[] block = new byte[length];
        readFully(block, length, what);
        return block;
    }

    /** Now that the tensors are known the exact file size is too: report a short file by the tensor it cuts. */
    private void checkSize(List<Envelope.Entry> entries) {
        long end = position;
        String cut = null;
        for (Envelope.Entry entry : entries) {
            end += entry.byteCount();
            if (cut == null && end > size) {
                cut = "tensor '" + entry.name() + "'";
            }
        }
        long expected = end + TensorFile.TRAILER_BYTES;
        if (size < expected) {
            throw truncated(cut == null ? "the checksum" : cut, "", expected);
        }
        if (size > expected) {
            throw corrupted((size - expected) + " unexpected bytes after the checksum");
        }
    }

    /** Copies floats in bulk through a little-endian view; one read call per float would be far too slow. */
    private float[] readFloats(Envelope.Entry entry, byte[] chunk) throws IOException {
        float[] data = new float[(int) entry.elementCount()];
        FloatBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        String what = "tensor '" + entry.name() + "'";
        for (int offset = 0; offset < data.length; ) {
            int count = Math.min(view.capacity(), data.length - offset);
            readFully(chunk, count * Float.BYTES, what);
            view.clear();
            view.get(data, offset, count);
            offset += count;
        }
        return data;
    }

    private int readInt(String what) throws IOException {
        return readBytes(Integer.BYTES, what).getInt();
    }

    private ByteBuffer readBytes(int count, String what) throws IOException {
        require(count, what);
        byte[] bytes = new byte[count];
        readFully(bytes, count, what);
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void require(long count, String what) {
        if (size - position < count) {
            throw truncated(what, "at least ", position + count);
        }
    }

    /** The size was checked up front, so running out here means the file shrank while being read. */
    private void readFully(byte[] buffer, int count, String what) throws IOException {
        for (int done = 0; done < count; ) {
            int read = in.read(buffer, done, count - done);
            if (read < 0) {
                throw truncated(what, "at least ", position + count);
            }
            done += read;
        }
        position += count;
    }

    private NiceException truncated(String what, String bound, long expected) {
        return new NiceException(file + ": truncated (file ends inside " + what + "; expected " + bound + expected
                + " bytes, has " + size + ")");
    }

    private NiceException corrupted(String problem) {
        return new NiceException(file + ": corrupted (" + problem + ")");
    }
}
