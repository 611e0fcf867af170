package org.nice4j.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: makes a use-after-free visible. Memory that Java freed but the engine still reads (a borrowed buffer
 * the autograd tape kept) is usually still intact when read soon after; collecting and then filling many fresh
 * direct buffers overwrites it, so a tape that reads it gives different (often NaN) gradients.
 */
public final class FreedMemory {
    private FreedMemory() {}

    /** Collects unreachable direct buffers, then fills many fresh small ones so freed memory gets overwritten. */
    public static void overwrite(int rounds) {
        List<ByteBuffer> keep = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            System.gc();
            try {
                Thread.sleep(50); // the Cleaner thread frees direct buffers asynchronously
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < 20_000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(4 + (i % 64) * 4);
                while (b.hasRemaining()) {
                    b.put((byte) 0x7F);
                }
                keep.add(b);
            }
        }
    }
}
