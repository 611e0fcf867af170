package org.nice4j.serve;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.nice4j.NiceException;
import org.nice4j.engine.InferenceThreads;

/**
 * The threads that run engine work (sampling, decoding, inpainting), a fixed number with a bounded queue: the web
 * server's own threads only wait, and a burst of requests beyond the queue is refused at once (503) instead of
 * piling up native memory.
 */
final class EnginePool implements AutoCloseable {
    /** Work refused because the queue is full. */
    static final class Busy extends NiceException {
        private static final long serialVersionUID = 1L;

        Busy(int queued) {
            super("the server is busy (" + queued + " requests waiting); try again shortly");
        }
    }

    private final ThreadPoolExecutor executor;

    EnginePool(int threads, int queue) {
        AtomicInteger count = new AtomicInteger();
        executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(() -> {
                InferenceThreads.recordNoGradients();
                r.run();
            }, "nice4j-engine-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    <T> CompletableFuture<T> submit(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, executor);
        } catch (RejectedExecutionException e) {
            throw new Busy(executor.getQueue().size());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
