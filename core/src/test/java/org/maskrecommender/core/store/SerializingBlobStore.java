package org.maskrecommender.core.store;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Test code only: makes the writes to each key take turns, so that racing conditional writes over a
 * server whose check is not atomic with its write still have one winner. For {@link S3BlobStore}
 * over S3Proxy 4.1.0, which checks If-Match before it reads the body and writes afterwards, outside
 * any lock: writers holding the same ETag can all pass the check and all "win". AWS S3 makes the
 * check atomic, so production needs nothing like this.
 *
 * <p>Every store a test opens over one bucket must share one {@link Turns}; reads do not wait.
 *
 * <pre>{@code
 * private final SerializingBlobStore.Turns turns = new SerializingBlobStore.Turns();
 * BlobStore openStore() { return new SerializingBlobStore(new S3BlobStore(s3, bucket, "env"), turns); }
 * }</pre>
 */
public final class SerializingBlobStore extends ForwardingBlobStore {

    /** One lock per object ({@link BlobStore#describe} of its key), shared by the stores of one test. */
    public static final class Turns {

        private final ConcurrentMap<String, ReentrantLock> byObject = new ConcurrentHashMap<>();

        <T> T take(String object, Supplier<T> write) {
            ReentrantLock lock = byObject.computeIfAbsent(object, o -> new ReentrantLock());
            lock.lock();
            try {
                return write.get();
            } finally {
                lock.unlock();
            }
        }
    }

    private final Turns turns;

    public SerializingBlobStore(BlobStore delegate, Turns turns) {
        super(Objects.requireNonNull(delegate, "delegate"));
        this.turns = Objects.requireNonNull(turns, "turns");
    }

    @Override
    public boolean putIfMatch(String key, byte[] content, String expectedTag) {
        return turns.take(delegate.describe(key), () -> delegate.putIfMatch(key, content, expectedTag));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] content) {
        return turns.take(delegate.describe(key), () -> delegate.putIfAbsent(key, content));
    }

    @Override
    public void put(String key, byte[] content) {
        turns.take(delegate.describe(key), () -> {
            delegate.put(key, content);
            return null;
        });
    }

    @Override
    public String toString() {
        return "SerializingBlobStore[" + delegate + "]";
    }
}
