package org.maskrecommender.core.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * {@link BlobStore#getVersioned} / {@link BlobStore#putIfMatch} semantics every store must meet, one
 * writer at a time. Races are in {@link AtomicConditionalWriteContract}, for stores that make the
 * conditional write atomic themselves.
 */
abstract class ConditionalWriteContract {

    /** A new store instance over the same data each call, as separate writers would have. */
    abstract BlobStore openStore();

    @Test
    void getVersionedOfMissingKeyIsEmpty() {
        assertThat(openStore().getVersioned("deployments/inference.json")).isEmpty();
    }

    @Test
    void nullTagCreatesOnlyIfAbsent() {
        BlobStore store = openStore();

        assertThat(store.putIfMatch("deployments/inference.json", bytes("first"), null)).isTrue();
        assertThat(store.putIfMatch("deployments/inference.json", bytes("second"), null)).isFalse();

        assertThat(text(store, "deployments/inference.json")).isEqualTo("first");
    }

    @Test
    void replacesWhenTheTagIsCurrent() {
        BlobStore store = openStore();
        store.put("k.json", bytes("v1"));
        BlobStore.Versioned v1 = store.getVersioned("k.json").orElseThrow();

        assertThat(v1.content()).asString(UTF_8).isEqualTo("v1");
        assertThat(store.putIfMatch("k.json", bytes("v2"), v1.tag())).isTrue();

        BlobStore.Versioned v2 = store.getVersioned("k.json").orElseThrow();
        assertThat(v2.content()).asString(UTF_8).isEqualTo("v2");
        assertThat(v2.tag()).isNotEqualTo(v1.tag());
    }

    @Test
    void refusesAStaleTagAndKeepsTheObject() {
        BlobStore store = openStore();
        store.put("k.json", bytes("v1"));
        String stale = store.getVersioned("k.json").orElseThrow().tag();
        assertThat(store.putIfMatch("k.json", bytes("v2"), stale)).isTrue();

        assertThat(store.putIfMatch("k.json", bytes("v3 from a writer that read v1"), stale)).isFalse();

        assertThat(text(store, "k.json")).isEqualTo("v2");
    }

    @Test
    void aPlainPutChangesTheStateToo() {
        BlobStore store = openStore();
        store.put("k.json", bytes("v1"));
        String seen = store.getVersioned("k.json").orElseThrow().tag();
        store.put("k.json", bytes("replaced unconditionally"));

        assertThat(store.putIfMatch("k.json", bytes("v2"), seen)).isFalse();
        assertThat(text(store, "k.json")).isEqualTo("replaced unconditionally");
    }

    @Test
    void refusesNullTagWhenTheObjectExists() {
        BlobStore store = openStore();
        store.put("k.json", bytes("there"));

        assertThat(store.putIfMatch("k.json", bytes("new"), null)).isFalse();
        assertThat(text(store, "k.json")).isEqualTo("there");
    }

    @Test
    void refusesATagWhenTheObjectDoesNotExist() {
        BlobStore store = openStore();
        store.put("other.json", bytes("x"));
        String tagOfAnotherObject = store.getVersioned("other.json").orElseThrow().tag();

        assertThat(store.putIfMatch("missing.json", bytes("new"), tagOfAnotherObject)).isFalse();
        assertThat(store.exists("missing.json")).isFalse();
    }

    @Test
    void sameStateReadTwiceHasTheSameTag() {
        BlobStore store = openStore();
        store.put("k.json", bytes("v1"));

        assertThat(store.getVersioned("k.json").orElseThrow().tag())
                .isEqualTo(openStore().getVersioned("k.json").orElseThrow().tag());
    }

    /** One attempt to add 1 to the number stored at {@code key}; false when another writer got there first. */
    static boolean increment(BlobStore store, String key) {
        Optional<BlobStore.Versioned> current = store.getVersioned(key);
        long value = Long.parseLong(new String(current.orElseThrow().content(), UTF_8).trim());
        return store.putIfMatch(key, bytes(String.valueOf(value + 1)), current.get().tag());
    }

    static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    static String text(BlobStore store, String key) {
        return new String(store.get(key).orElseThrow(), UTF_8);
    }
}
