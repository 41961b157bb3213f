package org.maskrecommender.core.ledger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.ledger.LedgerEntry.Action;
import org.maskrecommender.core.ledger.LedgerEntry.Outcome;
import org.maskrecommender.core.store.BlobStore;
import org.maskrecommender.core.store.ConcurrentTasks;

/** Ledger behaviour over any {@link BlobStore}; subclasses supply a local directory or S3Proxy. */
abstract class LedgerContract {

    static final String FUNCTION = "mask-recommender-inference-staging";
    static final String KEY = "deployments/" + FUNCTION + ".json";
    static final ObjectMapper MAPPER = Json.newMapper();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** A new store instance over the same data each call, as separate deployer invocations would have. */
    abstract BlobStore openStore();

    Ledger ledger() {
        return new Ledger(openStore(), FUNCTION, MAPPER);
    }

    @Test
    void anEmptyLedgerAnswersEverythingWithNothingAndWritesNothing() {
        Ledger ledger = ledger();

        assertThat(ledger.snapshot().entries()).isEmpty();
        assertThat(ledger.snapshot().findByEventId("delivery-1")).isEmpty();
        assertThat(ledger.snapshot().deployedModel()).isEmpty();
        assertThat(ledger.snapshot().rollbackTarget("3")).isEmpty();
        assertThat(ledger.snapshot().last(5)).isEmpty();
        assertThat(ledger.snapshot().tag()).isNull();
        assertThat(openStore().exists(KEY)).isFalse();
    }

    @Test
    void appendedEntriesReadBackOldestFirstWithLowercaseEnumsAndSnakeCase() throws Exception {
        LedgerEntry first = entry(Action.RELEASE, Outcome.SUCCEEDED, null, "1", "delivery-1");
        LedgerEntry second = entry(Action.ROLLBACK, Outcome.FAILED, "1", null, null);

        ledger().append(first);
        ledger().append(second);

        assertThat(ledger().snapshot().entries()).containsExactly(first, second);
        JsonNode file = MAPPER.readTree(openStore().get(KEY).orElseThrow());
        assertThat(file.get("function").asText()).isEqualTo(FUNCTION);
        JsonNode stored = file.get("entries").get(0);
        assertThat(stored.get("action").asText()).isEqualTo("release");
        assertThat(stored.get("outcome").asText()).isEqualTo("succeeded");
        assertThat(stored.get("trigger").get("type").asText()).isEqualTo("tag");
        assertThat(stored.get("trigger").get("event_id").asText()).isEqualTo("delivery-1");
        assertThat(stored.get("to_version").asText()).isEqualTo("1");
        assertThat(stored.get("time").asText()).isEqualTo(first.time().toString());
        assertThat(stored.has("error")).as("nulls are left out").isFalse();
        assertThat(file.get("entries").get(1).get("action").asText()).isEqualTo("rollback");
        assertThat(file.get("entries").get(1).get("outcome").asText()).isEqualTo("failed");
    }

    @Test
    void findByEventIdFindsTheEntryOfThatEvent() {
        LedgerEntry tagBuild = entry(Action.RELEASE, Outcome.SUCCEEDED, null, "1", "delivery-1");
        LedgerEntry manual = entry(Action.RELEASE, Outcome.SUCCEEDED, "1", "2", null);
        LedgerEntry retrain = entry(Action.RELEASE, Outcome.FAILED, "2", null, "eventbridge-7");
        for (LedgerEntry e : List.of(tagBuild, manual, retrain)) {
            ledger().append(e);
        }

        assertThat(ledger().snapshot().findByEventId("delivery-1")).contains(tagBuild);
        assertThat(ledger().snapshot().findByEventId("eventbridge-7")).contains(retrain);
        assertThat(ledger().snapshot().findByEventId("delivery-2")).isEmpty();
        assertThat(ledger().snapshot().findByEventId(null)).isEmpty();
        assertThat(ledger().snapshot().findByEventId(" ")).isEmpty();
    }

    @Test
    void goingBackGoesToWhereTheReleaseOfTheCurrentVersionCameFrom() {
        ledger().append(entry(Action.RELEASE, Outcome.SUCCEEDED, "1", "2", null));
        ledger().append(entry(Action.RELEASE, Outcome.FAILED, "2", "3", null));
        ledger().append(entry(Action.RELEASE, Outcome.REFUSED, "2", null, null));
        ledger().append(entry(Action.RELEASE, Outcome.SUCCEEDED, "2", "4", null));

        assertThat(ledger().snapshot().rollbackTarget("4")).contains("2");
        assertThat(ledger().snapshot().rollbackTarget("2"))
                .as("right after the first release: back to where live was before it").contains("1");
        assertThat(ledger().snapshot().rollbackTarget("3")).as("a failed release put nothing there").isEmpty();
        assertThat(ledger().snapshot().rollbackTarget("1")).as("no release put live on 1").isEmpty();
        assertThat(ledger().snapshot().rollbackTarget(null)).isEmpty();
    }

    /** v3 was bad, rolled back to v2; v2 is bad too: the next rollback goes to v1, never back to v3. */
    @Test
    void goingBackTwiceGoesOneReleaseFurtherBack() {
        ledger().append(entry(Action.RELEASE, Outcome.SUCCEEDED, "1", "2", null));
        ledger().append(entry(Action.RELEASE, Outcome.SUCCEEDED, "2", "3", null));
        ledger().append(entry(Action.ROLLBACK, Outcome.SUCCEEDED, "3", "2", null));

        assertThat(ledger().snapshot().rollbackTarget("2")).contains("1");
    }

    @Test
    void aReleaseThatWasCommittedButNeverConcludedIsNotASuccess() {
        LedgerEntry done = entry(Action.RELEASE, Outcome.SUCCEEDED, "1", "2", null);
        ledger().append(withModel(done, "20261121T050012Z-11111111"));
        LedgerEntry pending = withModel(entry(Action.RELEASE, Outcome.PENDING, "2", "3", null),
                "20261128T050012Z-22222222");
        ledger().commit(ledger().snapshot(), pending);

        assertThat(ledger().snapshot().deployedModel()).contains("20261121T050012Z-11111111");
        assertThat(ledger().snapshot().rollbackTarget("3")).isEmpty();

        // the alias moved: the same id, concluded
        ledger().append(withOutcome(pending, Outcome.SUCCEEDED));
        assertThat(ledger().snapshot().deployedModel()).contains("20261128T050012Z-22222222");
        assertThat(ledger().snapshot().rollbackTarget("3")).contains("2");
        assertThat(ledger().snapshot().entries()).hasSize(3).extracting(LedgerEntry::outcome)
                .containsExactly(Outcome.SUCCEEDED, Outcome.PENDING, Outcome.SUCCEEDED);
        assertThatThrownBy(() -> ledger().append(withOutcome(pending, Outcome.FAILED)))
                .as("concluded once").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPendingReleaseThatFailsIsConcludedAsFailedAndNeverCounts() {
        ledger().append(withModel(entry(Action.RELEASE, Outcome.SUCCEEDED, "1", "2", null), "20261121T050012Z-11111111"));
        LedgerEntry pending = withModel(entry(Action.RELEASE, Outcome.PENDING, "2", "3", null),
                "20261128T050012Z-22222222");
        ledger().commit(ledger().snapshot(), pending);

        ledger().append(withOutcome(pending, Outcome.FAILED));

        assertThat(ledger().snapshot().deployedModel()).contains("20261121T050012Z-11111111");
        assertThat(ledger().snapshot().rollbackTarget("3")).isEmpty();
        assertThat(ledger().snapshot().rollbackTarget("2")).contains("1");
    }

    private static LedgerEntry withOutcome(LedgerEntry e, Outcome outcome) {
        return new LedgerEntry(e.id(), e.time(), e.action(), e.environment(), e.function(), e.trigger(), e.fromVersion(),
                e.toVersion(), e.modelVersion(), e.codeSha256(), outcome, outcome == Outcome.FAILED ? "alias failed" : null);
    }

    @Test
    void lastReturnsTheMostRecentEntriesOldestFirst() {
        List<LedgerEntry> all = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            all.add(entry(Action.RELEASE, i == 4 ? Outcome.FAILED : Outcome.SUCCEEDED, null, String.valueOf(i), null));
            ledger().append(all.get(i - 1));
        }

        assertThat(ledger().snapshot().last(2)).containsExactly(all.get(2), all.get(3));
        assertThat(ledger().snapshot().last(10)).containsExactlyElementsOf(all);
        assertThat(ledger().snapshot().last(0)).isEmpty();
        assertThatThrownBy(() -> ledger().snapshot().last(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void appendingTheSameEntryAgainDoesNothingButAnotherEntryWithItsIdIsRefused() {
        LedgerEntry entry = entry(Action.RELEASE, Outcome.SUCCEEDED, null, "1", null);
        ledger().append(entry);
        ledger().append(entry);

        LedgerEntry sameIdOtherOutcome = new LedgerEntry(entry.id(), entry.time(), entry.action(), entry.environment(),
                entry.function(), entry.trigger(), entry.fromVersion(), null, entry.modelVersion(), null, Outcome.FAILED,
                "alias update failed");
        assertThatThrownBy(() -> ledger().append(sameIdOtherOutcome)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(entry.id());
        assertThat(ledger().snapshot().entries()).containsExactly(entry);
    }

    @Test
    void refusesEntriesOfAnotherFunctionAndBadFunctionNames() {
        LedgerEntry other = new LedgerEntry("id-x", Instant.parse("2026-11-28T05:00:00Z"), Action.RELEASE, Environment.STAGING,
                "mask-recommender-training-staging", null, null, "1", null, null, Outcome.SUCCEEDED, null);

        assertThatThrownBy(() -> ledger().append(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mask-recommender-training-staging");
        for (String bad : new String[] {"", "../x", "a/b", ".hidden", "a b"}) {
            assertThatThrownBy(() -> new Ledger(openStore(), bad, MAPPER)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aLedgerFileOfAnotherFunctionIsNotRead() {
        openStore().put(KEY, "{\"function\": \"someone-else\", \"entries\": []}".getBytes(UTF_8));

        assertThatThrownBy(() -> ledger().snapshot()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("someone-else");
    }

    @Test
    void fieldsItDoesNotKnowSurviveAnAppend() throws Exception {
        openStore().put(KEY, ("{\"function\": \"" + FUNCTION + "\", \"schema\": 2, \"entries\": [{\"id\": \"old\","
                + " \"action\": \"release\", \"function\": \"" + FUNCTION + "\", \"outcome\": \"succeeded\","
                + " \"to_version\": \"1\", \"canary\": {\"weight\": 0.1}}]}").getBytes(UTF_8));

        ledger().append(entry(Action.RELEASE, Outcome.SUCCEEDED, "1", "2", null));

        JsonNode file = MAPPER.readTree(openStore().get(KEY).orElseThrow());
        assertThat(file.get("schema").asInt()).isEqualTo(2);
        assertThat(file.get("entries").get(0).get("canary").get("weight").asDouble()).isEqualTo(0.1);
        assertThat(ledger().snapshot().entries()).extracting(LedgerEntry::toVersion).containsExactly("1", "2");
    }

    /** Another deployer appends between our read and our write: ours is retried, both survive. */
    @Test
    void appendSurvivesAnAppendThatGetsInBetween() {
        LedgerEntry theirs = entry(Action.RELEASE, Outcome.SUCCEEDED, null, "1", "delivery-1");
        LedgerEntry ours = entry(Action.ROLLBACK, Outcome.REFUSED, null, null, null);
        ledger().append(entry(Action.RELEASE, Outcome.FAILED, null, null, null));
        InterleavingStore store = new InterleavingStore(openStore(), () -> ledger().append(theirs));

        new Ledger(store, FUNCTION, MAPPER).append(ours);

        assertThat(store.interleaved()).isTrue();
        assertThat(ledger().snapshot().entries()).hasSize(3).endsWith(theirs, ours);
    }

    @Test
    void concurrentAppendsAllSurvive() throws Exception {
        int writers = 8;
        int appendsEach = 3;
        List<LedgerEntry> written = new ArrayList<>();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Ledger ledger = ledger();
            List<LedgerEntry> mine = new ArrayList<>();
            for (int i = 0; i < appendsEach; i++) {
                mine.add(entry(Action.RELEASE, Outcome.SUCCEEDED, null, w + "." + i, null));
            }
            written.addAll(mine);
            tasks.add(() -> {
                mine.forEach(ledger::append);
                return null;
            });
        }
        ConcurrentTasks.runTogether(tasks);

        assertThat(ledger().snapshot().entries()).hasSize(writers * appendsEach).containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void theDeployedModelIsThatOfTheNewestSucceededEntryThatNamesOne() {
        ledger().append(withModel(entry(Action.RELEASE, Outcome.SUCCEEDED, null, "1", null), "20261121T050012Z-11111111"));
        ledger().append(withModel(entry(Action.RELEASE, Outcome.SUCCEEDED, "1", "2", null), "20261128T050012Z-22222222"));
        ledger().append(withModel(entry(Action.RELEASE, Outcome.FAILED, "2", "3", null), "20261128T060012Z-33333333"));
        ledger().append(withModel(entry(Action.RELEASE, Outcome.SUCCEEDED, "2", "4", null), null));

        assertThat(ledger().snapshot().deployedModel()).contains("20261128T050012Z-22222222");

        ledger().append(withModel(entry(Action.ROLLBACK, Outcome.SUCCEEDED, "4", "1", null), "20261121T050012Z-11111111"));
        assertThat(ledger().snapshot().deployedModel()).contains("20261121T050012Z-11111111");
    }

    /** Entries written before the trigger vocabulary was unified still read, as the type they meant. */
    @Test
    void ledgersWithTheOldTriggerNamesStillRead() {
        String old = "{\"function\": \"" + FUNCTION + "\", \"entries\": ["
                + entryJson("a", "weekly_retrain") + ", " + entryJson("b", "version_tag") + ", "
                + entryJson("c", "model_trained") + ", " + entryJson("d", "manual_deploy") + ", "
                + entryJson("e", "manual_rollback") + "]}";
        openStore().put(KEY, old.getBytes(UTF_8));

        assertThat(ledger().snapshot().entries()).extracting(e -> e.trigger().type()).containsExactly(
                Trigger.Type.SCHEDULE, Trigger.Type.TAG, Trigger.Type.MANUAL, Trigger.Type.MANUAL, Trigger.Type.MANUAL);
    }

    private static String entryJson(String id, String triggerType) {
        return "{\"id\": \"" + id + "\", \"action\": \"release\", \"environment\": \"staging\", \"function\": \""
                + FUNCTION + "\", \"outcome\": \"succeeded\", \"to_version\": \"1\", \"trigger\": {\"type\": \""
                + triggerType + "\", \"actor\": \"eventbridge\"}}";
    }

    private static LedgerEntry withModel(LedgerEntry e, String model) {
        return new LedgerEntry(e.id(), e.time(), e.action(), e.environment(), e.function(), e.trigger(), e.fromVersion(),
                e.toVersion(), model, e.codeSha256(), e.outcome(), e.error());
    }

    @Test
    void ofTwoReleasesFromOneSnapshotTheFirstToCommitWins() {
        ledger().append(entry(Action.RELEASE, Outcome.SUCCEEDED, null, "1", null));
        LedgerSnapshot seenByA = ledger().snapshot();
        LedgerSnapshot seenByB = ledger().snapshot();
        LedgerEntry a = entry(Action.RELEASE, Outcome.SUCCEEDED, "1", "2", "delivery-a");
        LedgerEntry b = entry(Action.RELEASE, Outcome.SUCCEEDED, "1", "3", "eventbridge-b");

        ledger().commit(seenByA, a);

        assertThatThrownBy(() -> ledger().commit(seenByB, b))
                .isInstanceOfSatisfying(ConcurrentReleaseException.class, e -> {
                    assertThat(e.getMessage()).contains("recorded meanwhile: release to version 2 (succeeded)");
                })
                .hasMessageContaining(FUNCTION).hasMessageContaining("delivery-a");
        assertThat(ledger().snapshot().entries()).extracting(LedgerEntry::toVersion).containsExactly("1", "2");
    }

    @Test
    void commitOnALedgerThatDidNotExistYet() {
        LedgerSnapshot seenByA = ledger().snapshot();
        LedgerSnapshot seenByB = ledger().snapshot();
        LedgerEntry a = entry(Action.RELEASE, Outcome.SUCCEEDED, null, "1", null);

        ledger().commit(seenByA, a);
        ledger().commit(seenByA, a); // a retry of a commit that landed changes nothing

        assertThatThrownBy(() -> ledger().commit(seenByB, entry(Action.RELEASE, Outcome.SUCCEEDED, null, "2", null)))
                .isInstanceOf(ConcurrentReleaseException.class);
        assertThat(ledger().snapshot().entries()).containsExactly(a);
    }

    @Test
    void anythingRecordedAfterTheSnapshotMakesTheCommitFail() {
        LedgerSnapshot seen = ledger().snapshot();
        ledger().append(entry(Action.ROLLBACK, Outcome.REFUSED, null, null, null));

        assertThatThrownBy(() -> ledger().commit(seen, entry(Action.RELEASE, Outcome.SUCCEEDED, null, "1", null)))
                .isInstanceOf(ConcurrentReleaseException.class);
        assertThat(ledger().snapshot().entries()).hasSize(1);
    }

    /** Every release snapshots before any commits, then all commit at once: exactly one wins. */
    @Test
    void ofConcurrentReleasesExactlyOneCommits() throws Exception {
        ledger().append(entry(Action.RELEASE, Outcome.SUCCEEDED, null, "1", null));
        int releases = 8;
        CyclicBarrier allHaveSnapshots = new CyclicBarrier(releases);
        List<Callable<LedgerEntry>> tasks = new ArrayList<>();
        for (int r = 0; r < releases; r++) {
            Ledger ledger = ledger();
            LedgerEntry entry = entry(Action.RELEASE, Outcome.SUCCEEDED, "1", String.valueOf(r + 2), "event-" + r);
            tasks.add(() -> {
                LedgerSnapshot seen = ledger.snapshot();
                allHaveSnapshots.await(30, TimeUnit.SECONDS);
                try {
                    ledger.commit(seen, entry);
                    return entry;
                } catch (ConcurrentReleaseException lost) {
                    return null;
                }
            });
        }
        List<LedgerEntry> winners = ConcurrentTasks.runTogether(tasks).stream().filter(e -> e != null).toList();

        assertThat(winners).hasSize(1);
        assertThat(ledger().snapshot().entries()).hasSize(2).last().isEqualTo(winners.get(0));
    }

    static LedgerEntry entry(Action action, Outcome outcome, String from, String to, String eventId) {
        int n = SEQUENCE.incrementAndGet();
        Trigger trigger = new Trigger(eventId != null && eventId.startsWith("eventbridge") ? Trigger.Type.SCHEDULE
                : Trigger.Type.TAG, eventId, "octocat", "staging-recommender-v1.2." + n, "3f9a1c2e", null);
        return new LedgerEntry("entry-" + n + "-" + java.util.UUID.randomUUID(), Instant.parse("2026-11-28T05:00:00Z")
                .plusSeconds(n).plusNanos(123_456_789), action, Environment.STAGING, FUNCTION, trigger, from, to,
                "20261128T050012Z-3f9a1c2e", outcome == Outcome.SUCCEEDED ? "c2hhMjU2" : null, outcome,
                outcome == Outcome.SUCCEEDED ? null : "smoke test failed");
    }
}
