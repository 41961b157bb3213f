package org.maskrecommender.core.ledger;

import java.util.concurrent.atomic.AtomicBoolean;

import org.maskrecommender.core.store.BlobStore;
import org.maskrecommender.core.store.ForwardingBlobStore;

/** Delegates everything, but runs another writer once, right before the first conditional write. */
final class InterleavingStore extends ForwardingBlobStore {

    private final Runnable otherWriter;
    private final AtomicBoolean interleaved = new AtomicBoolean();

    InterleavingStore(BlobStore delegate, Runnable otherWriter) {
        super(delegate);
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
}
