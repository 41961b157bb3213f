package org.maskrecommender.core.ledger;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.maskrecommender.core.store.BlobStore;

/** Delegates everything, but runs another writer once, right before the first conditional write. */
final class InterleavingStore implements BlobStore {

    private final BlobStore delegate;
    private final Runnable otherWriter;
    private final AtomicBoolean interleaved = new AtomicBoolean();

    InterleavingStore(BlobStore delegate, Runnable otherWriter) {
        this.delegate = delegate;
        this.otherWriter = otherWriter;
    }

    boolean interleaved() {
        return interleaved.get();
    }

    @Override
    public boolean putIfMatch(String key, byte[] content, String expectedTag) {
        if (interleaved.compareAndSet(false, true)) {
            otherWriter.run();
        }
        return delegate.putIfMatch(key, content, expectedTag);
    }

    @Override
    public Optional<Versioned> getVersioned(String key) {
        return delegate.getVersioned(key);
    }

    @Override
    public Optional<byte[]> get(String key) {
        return delegate.get(key);
    }

    @Override
    public void put(String key, byte[] content) {
        delegate.put(key, content);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] content) {
        return delegate.putIfAbsent(key, content);
    }

    @Override
    public boolean exists(String key) {
        return delegate.exists(key);
    }

    @Override
    public String describe(String key) {
        return delegate.describe(key);
    }
}
