package org.nice4j.serve;

import io.javalin.http.sse.SseClient;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells open pages when the runs change: polls the runs folder (portable, and enough for files written once per
 * epoch) and sends the new list as a server-sent event "runs" to every client, and the current list to each client
 * as it connects. A page showing one run reloads its curve when that run's entry changes.
 */
final class RunWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunWatcher.class);

    private final RunListing listing;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private volatile String last = "";

    RunWatcher(RunListing listing, long pollMillis) {
        this.listing = listing;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nice4j-run-watcher");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::poll, 0, pollMillis, TimeUnit.MILLISECONDS);
    }

    void connect(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        send(client, last.isEmpty() ? current() : last);
    }

    int clients() {
        return clients.size();
    }

    private void poll() {
        try {
            String now = current();
            if (!now.equals(last)) {
                last = now;
                for (SseClient client : clients) {
                    send(client, now);
                }
            }
        } catch (RuntimeException e) {
            // the next poll tries again; the folder may be mid-change
            LOG.warn("cannot list the runs: {}", e.getMessage());
        }
    }

    /** The watcher's thread and a connecting client's may send at once; one event at a time per client. */
    private static void send(SseClient client, String runs) {
        synchronized (client) {
            client.sendEvent("runs", runs);
        }
    }

    private String current() {
        return new String(Replies.json(listing.runs()).body(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        clients.forEach(SseClient::close);
    }
}
