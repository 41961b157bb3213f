package org.maskrecommender.core.store;

import java.util.Optional;

/** Delegates everything; tests override a method to inject a fault, a turn or another writer. */
public class ForwardingBlobStore implements BlobStore {

    protected final BlobStore delegate;

    public ForwardingBlobStore(BlobStore delegate) {
        this.delegate = delegate;
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

    @Override
    public Optional<Versioned> getVersioned(String key) {
        return delegate.getVersioned(key);
    }

    @Override
    public boolean putIfMatch(String key, byte[] content, String expectedTag) {
        return delegate.putIfMatch(key, content, expectedTag);
    }
}
