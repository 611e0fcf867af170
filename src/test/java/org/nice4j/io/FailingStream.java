package org.nice4j.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Passes bytes through until {@code limit} have gone by, then fails as a full disk would. */
public final class FailingStream extends FilterOutputStream {
    private long remaining;

    public FailingStream(OutputStream out, long limit) {
        super(out);
        this.remaining = limit;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int allowed = (int) Math.min(len, remaining);
        out.write(b, off, allowed);
        remaining -= allowed;
        if (allowed < len) {
            throw new IOException("disk full, simulated");
        }
    }
}
