package org.maskrecommender.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InMemoryBlobStoreConditionalWriteTest extends AtomicConditionalWriteContract {

    /** One map for the whole test, as one bucket is for several writers. */
    private final InMemoryBlobStore store = new InMemoryBlobStore("cas");

    @Override
    BlobStore openStore() {
        return store;
    }

    @Test
    void everyWriteIsANewStateEvenWithTheSameBytes() {
        store.put("k.json", bytes("v1"));
        String first = store.getVersioned("k.json").orElseThrow().tag();
        store.put("k.json", bytes("v1"));

        assertThat(store.putIfMatch("k.json", bytes("v2"), first)).isFalse();
        assertThat(text(store, "k.json")).isEqualTo("v1");
    }

    @Test
    void callersCannotChangeStoredBytes() {
        byte[] content = bytes("v1");
        store.put("k.json", content);
        content[0] = 'x';
        store.get("k.json").orElseThrow()[0] = 'y';
        store.getVersioned("k.json").orElseThrow().content()[0] = 'z';

        assertThat(text(store, "k.json")).isEqualTo("v1");
    }
}
