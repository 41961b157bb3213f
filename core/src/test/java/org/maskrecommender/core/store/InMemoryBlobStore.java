package org.maskrecommender.core.store;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link BlobStore} in a map, for tests: every write is atomic, and {@link #putIfMatch} is a
 * compare-and-swap on the map entry, so of writers racing on one state exactly one wins. Tags
 * count writes ({@code "w1"}, {@code "w2"}, …): every write is a new state, even with the same bytes.
 *
 * <p>Share one instance between the writers of a test; it stands for one bucket or directory.
 */
public final class InMemoryBlobStore implements BlobStore {

    /** One stored state: the bytes (never handed out, only copies) and the tag naming it. */
    private record Stored(byte[] content, String tag) {
    }

    private final ConcurrentMap<String, Stored> objects = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private final String name;

    public InMemoryBlobStore() {
        this("memory");
    }

    /** @param name shown by {@link #describe}: {@code mem://<name>/<key>} */
    public InMemoryBlobStore(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(objects.get(check(key))).map(stored -> stored.content().clone());
    }

    @Override
    public void put(String key, byte[] content) {
        objects.put(check(key), store(content));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] content) {
        return objects.putIfAbsent(check(key), store(content)) == null;
    }

    @Override
    public boolean exists(String key) {
        return objects.containsKey(check(key));
    }

    @Override
    public String describe(String key) {
        return "mem://" + name + "/" + key;
    }

    @Override
    public Optional<Versioned> getVersioned(String key) {
        return Optional.ofNullable(objects.get(check(key)))
                .map(stored -> new Versioned(stored.content().clone(), stored.tag()));
    }

    @Override
    public boolean putIfMatch(String key, byte[] content, String expectedTag) {
        Objects.requireNonNull(content, "content");
        if (expectedTag == null) {
            return putIfAbsent(key, content);
        }
        Stored current = objects.get(check(key));
        // replace(k, old, new) is atomic and compares with equals: the same tag means the same write
        return current != null && current.tag().equals(expectedTag) && objects.replace(key, current, store(content));
    }

    @Override
    public String toString() {
        return "InMemoryBlobStore[" + name + ", " + objects.size() + " objects]";
    }

    private Stored store(byte[] content) {
        return new Stored(content.clone(), "w" + writes.incrementAndGet());
    }

    private static String check(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("empty key");
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("key must be relative: " + key);
        }
        return key;
    }
}
