package org.maskrecommender.core.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** {@link BlobStore#getVersioned} / {@link BlobStore#putIfMatch} semantics every store must meet. */
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

    /**
     * Every writer reads the same state, waits until all have read it, then tries to replace it:
     * exactly one may win each round, and the object holds the winner's bytes.
     */
    @Test
    void exactlyOneOfConcurrentWritersOfOneStateWins() throws Exception {
        int writers = 8;
        openStore().put("race.json", bytes("round -1"));
        for (int round = 0; round < 15; round++) {
            CyclicBarrier allHaveRead = new CyclicBarrier(writers);
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                BlobStore store = openStore();
                String content = "round " + round + " writer " + w;
                tasks.add(() -> {
                    String tag = store.getVersioned("race.json").orElseThrow().tag();
                    allHaveRead.await(30, TimeUnit.SECONDS);
                    return store.putIfMatch("race.json", bytes(content), tag);
                });
            }
            List<Boolean> results = runTogether(tasks);

            List<Integer> winners = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                if (results.get(w)) {
                    winners.add(w);
                }
            }
            assertThat(winners).as("winners of round %d", round).hasSize(1);
            assertThat(text(openStore(), "race.json")).isEqualTo("round " + round + " writer " + winners.get(0));
        }
    }

    /** Read-modify-write with retries: a lost update would show as a count below the total. */
    @Test
    void concurrentIncrementsLoseNothing() throws Exception {
        int writers = 6;
        int incrementsEach = 10;
        openStore().put("counter.txt", bytes("0"));
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            BlobStore store = openStore();
            tasks.add(() -> {
                int lost = 0;
                for (int i = 0; i < incrementsEach; i++) {
                    while (!increment(store, "counter.txt")) {
                        lost++;
                    }
                }
                return lost;
            });
        }
        runTogether(tasks);

        assertThat(text(openStore(), "counter.txt")).isEqualTo(String.valueOf(writers * incrementsEach));
    }

    /** One attempt to add 1 to the number stored at {@code key}; false when another writer got there first. */
    static boolean increment(BlobStore store, String key) {
        Optional<BlobStore.Versioned> current = store.getVersioned(key);
        long value = Long.parseLong(new String(current.orElseThrow().content(), UTF_8).trim());
        return store.putIfMatch(key, bytes(String.valueOf(value + 1)), current.get().tag());
    }

    static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(task));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    static String text(BlobStore store, String key) {
        return new String(store.get(key).orElseThrow(), UTF_8);
    }
}
