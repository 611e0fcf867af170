package org.nice4j.serve;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.nice4j.NiceException;
import org.nice4j.io.ModelFile;

/**
 * Loaded models shared between requests, at most {@code capacity} of them, the least recently used closed first. A
 * model's arrays and its gradient switches (inpainting freezes the parameters) are not safe to use from two threads
 * at once, so each model is used by one request at a time; requests for different models run side by side. A file
 * that changed on disk (a training run keeps a new best) is loaded again.
 */
final class ModelCache implements AutoCloseable {
    private static final class Entry {
        final long size;
        final FileTime modified;
        final ModelFile.Loaded loaded;
        final ReentrantLock lock = new ReentrantLock(true);
        boolean closed;

        Entry(long size, FileTime modified, ModelFile.Loaded loaded) {
            this.size = size;
            this.modified = modified;
            this.loaded = loaded;
        }

        void close() {
            lock.lock();
            try {
                closed = true;
                loaded.model().close();
            } finally {
                lock.unlock();
            }
        }
    }

    private final int capacity;
    private final Device device;
    private final LinkedHashMap<Path, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    ModelCache(int capacity, Device device) {
        if (capacity < 1) {
            throw new NiceException("the model cache must hold at least one model, got " + capacity);
        }
        this.capacity = capacity;
        this.device = device;
    }

    /** Runs {@code work} on the model of {@code file}, loading it if needed, while no other request uses it. */
    <T> T with(Path file, Function<ModelFile.Loaded, T> work) {
        while (true) {
            Entry entry = entry(file);
            entry.lock.lock();
            try {
                if (!entry.closed) {
                    return work.apply(entry.loaded);
                }
            } finally {
                entry.lock.unlock();
            }
        }
    }

    /** How many models are loaded now. */
    synchronized int size() {
        return entries.size();
    }

    /**
     * Native arrays held by the loaded models' managers, the parameters included: a count that grows with the
     * requests served would be a leak.
     */
    synchronized int engineArrays() {
        return entries.values().stream().mapToInt(e -> e.loaded.model().manager().getManagedArrays().size()).sum();
    }

    private Entry entry(Path file) {
        List<Entry> dropped = new ArrayList<>();
        Entry entry;
        synchronized (this) {
            long size;
            FileTime modified;
            try {
                size = Files.size(file);
                modified = Files.getLastModifiedTime(file);
            } catch (IOException e) {
                throw new Unavailable(file + ": no model file (the run has not kept a model yet)");
            }
            entry = entries.get(file);
            if (entry == null || entry.size != size || !entry.modified.equals(modified)) {
                if (entry != null) {
                    dropped.add(entries.remove(file));
                }
                entry = new Entry(size, modified, load(file));
                entries.put(file, entry);
                for (Iterator<Map.Entry<Path, Entry>> it = entries.entrySet().iterator();
                        entries.size() > capacity && it.hasNext(); ) {
                    dropped.add(it.next().getValue());
                    it.remove();
                }
            }
        }
        // closed outside the monitor: closing waits for a request still using that model
        dropped.forEach(Entry::close);
        return entry;
    }

    private ModelFile.Loaded load(Path file) {
        try {
            return ModelFile.load(file, device);
        } catch (NiceException e) {
            throw new Unavailable(e.getMessage());
        }
    }

    @Override
    public void close() {
        List<Entry> all;
        synchronized (this) {
            all = new ArrayList<>(entries.values());
            entries.clear();
        }
        all.forEach(Entry::close);
    }
}
