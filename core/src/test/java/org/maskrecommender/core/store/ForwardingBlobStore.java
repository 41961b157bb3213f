package org.maskrecommender.core.store;

import java.util.Optional;

/** Delegates everything; tests override one method to inject a fault. */
class ForwardingBlobStore implements BlobStore {

    final BlobStore delegate;

    ForwardingBlobStore(BlobStore delegate) {
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
