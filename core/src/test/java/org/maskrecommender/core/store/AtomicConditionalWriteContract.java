package org.maskrecommender.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The conditional-write contract with writers racing, for stores whose conditional writes are atomic
 * by themselves (a local directory, memory) or made so in test code ({@link SerializingBlobStore}).
 */
abstract class AtomicConditionalWriteContract extends ConditionalWriteContract {

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
            List<Boolean> results = ConcurrentTasks.runTogether(tasks);

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
        ConcurrentTasks.runTogether(tasks);

        assertThat(text(openStore(), "counter.txt")).isEqualTo(String.valueOf(writers * incrementsEach));
    }

    /**
     * Writers that would all write the same bytes: the creation and each replacement still have one
     * winner. (A store that took equal bytes for its own earlier write would let them all win, and
     * two increments of one counter would count once.)
     */
    @Test
    void ofWritersOfTheSameBytesOneWins() throws Exception {
        int writers = 6;
        for (int round = 0; round < 5; round++) {
            String expected = round == 0 ? null : openStore().getVersioned("same.json").orElseThrow().tag();
            CyclicBarrier ready = new CyclicBarrier(writers);
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                BlobStore store = openStore();
                byte[] content = bytes("state " + (round + 1));
                tasks.add(() -> {
                    ready.await(30, TimeUnit.SECONDS);
                    return store.putIfMatch("same.json", content, expected);
                });
            }

            assertThat(ConcurrentTasks.runTogether(tasks)).as("round %d", round).containsOnlyOnce(true);
            assertThat(text(openStore(), "same.json")).isEqualTo("state " + (round + 1));
        }
    }
}
