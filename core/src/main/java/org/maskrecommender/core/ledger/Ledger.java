package org.maskrecommender.core.ledger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.maskrecommender.core.store.BlobStore;
import org.maskrecommender.core.store.StoreNames;

/**
 * The deployment ledger of one Lambda function, {@code deployments/<function>.json} in the
 * environment's store: every release and rollback, successful or not, oldest first.
 * <pre>{"function": "mask-recommender-inference-staging", "entries": [{"id": "…", "action": "release", …}]}</pre>
 *
 * <p>Several deployer invocations can write one ledger at the same time (a tag build and the weekly
 * retrain, a redelivered event). Every write is a compare-and-swap of the whole file
 * ({@link BlobStore#putIfMatch}), so no write silently replaces another. Two ways to write:
 * <ul>
 *   <li>{@link #append}: record what happened, whatever else was recorded meanwhile (retries);</li>
 *   <li>{@link #snapshot} before a release, {@link #commit} after: fails if anything was recorded in
 *       between, so of two concurrent releases of one function only one wins.</li>
 * </ul>
 *
 * <p>Readers (the deployer deciding where to roll back, training's quality gate asking which model is
 * deployed) take a {@link #snapshot} and ask it: this class is the only reader and writer of the file.
 * Appends rewrite the file from its JSON tree, so fields a newer deployer wrote survive an older one.
 * Writing an entry that is already recorded, equal in every field, does nothing, which makes retries
 * after an unclear outcome (a timeout after the write landed) safe; a different entry with the id of
 * a recorded one is refused ({@link IllegalArgumentException}): entry ids are unique, except that a
 * {@link LedgerEntry.Outcome#PENDING} entry (a release that won its commit and is moving the alias) is
 * concluded by a second entry with its id and the final outcome. The file keeps both: it is a history.
 */
public final class Ledger {

    /** Appends that lose this often in a row give up: something is badly wrong, not just busy. */
    static final int MAX_ATTEMPTS = 50;
    private static final long MAX_BACKOFF_MILLIS = 100;

    private final BlobStore store;
    private final String function;
    private final ObjectMapper mapper;
    private final String key;

    /**
     * @param store    the environment's store (model store root)
     * @param function the Lambda function whose releases this ledger records
     * @param mapper   the project mapper ({@code Json.newMapper()}: ISO-8601 instants)
     */
    public Ledger(BlobStore store, String function, ObjectMapper mapper) {
        this.store = Objects.requireNonNull(store, "store");
        this.function = StoreNames.check("function name", function);
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.key = "deployments/" + function + ".json";
    }

    /** Where the ledger lives, for messages: {@code s3://…/deployments/<function>.json} or a path. */
    private String location() {
        return store.describe(key);
    }

    /** The ledger now, with the tag {@link #commit} compares against. */
    public LedgerSnapshot snapshot() {
        State state = read();
        return new LedgerSnapshot(function, state.entries(), state.tag());
    }

    /**
     * Adds an entry at the end. When another writer gets in between reading and writing, reads again
     * and retries, so entries of both survive.
     *
     * @throws IllegalStateException when it lost {@value #MAX_ATTEMPTS} times in a row
     */
    public void append(LedgerEntry entry) {
        checkEntry(entry);
        for (int attempt = 1; ; attempt++) {
            State current = read();
            if (alreadyRecorded(current.entries(), entry)
                    || store.putIfMatch(key, withEntry(current, entry), current.tag())) {
                return;
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new IllegalStateException("could not append entry " + entry.id() + " to " + location() + ": "
                        + MAX_ATTEMPTS + " attempts in a row lost to other writers");
            }
            backOff(attempt);
        }
    }

    /**
     * Records a release or rollback that decided from {@code seenBefore}, only if nothing was
     * recorded since. No retry: if another release of this function committed first, this one lost.
     * Check {@code seenBefore.findByEventId(…)} before releasing to release an event at most once.
     * Whatever a release changed before its commit must be invisible or undone when the commit fails.
     *
     * @throws ConcurrentReleaseException when the ledger changed after {@code seenBefore} was taken
     */
    public void commit(LedgerSnapshot seenBefore, LedgerEntry entry) {
        Objects.requireNonNull(seenBefore, "seenBefore");
        checkEntry(entry);
        if (!function.equals(seenBefore.function())) {
            throw new IllegalArgumentException("snapshot of the ledger of " + seenBefore.function()
                    + " committed to the ledger of " + function);
        }
        State current = read();
        if (alreadyRecorded(current.entries(), entry)) {
            // a retry of a commit that landed (the entry could only be written onto seenBefore)
            return;
        }
        if (Objects.equals(current.tag(), seenBefore.tag())
                && store.putIfMatch(key, withEntry(current, entry), current.tag())) {
            return;
        }
        State after = read();
        if (alreadyRecorded(after.entries(), entry)) {
            return;
        }
        throw new ConcurrentReleaseException(function, location(), entry, newSince(seenBefore, after));
    }

    private void checkEntry(LedgerEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (entry.id() == null || entry.id().isBlank()) {
            throw new IllegalArgumentException("ledger entry without id");
        }
        if (!function.equals(entry.function())) {
            throw new IllegalArgumentException("entry " + entry.id() + " is for function " + entry.function()
                    + ", not for " + function + " whose ledger this is");
        }
    }

    /** The file as stored: its JSON tree (null when absent), typed entries, and tag (null when absent). */
    private record State(ObjectNode document, List<LedgerEntry> entries, String tag) {
    }

    private State read() {
        Optional<BlobStore.Versioned> stored = store.getVersioned(key);
        if (stored.isEmpty()) {
            return new State(null, List.of(), null);
        }
        ObjectNode document;
        List<LedgerEntry> entries = new ArrayList<>();
        try {
            JsonNode tree = mapper.readTree(stored.get().content());
            if (!(tree instanceof ObjectNode object)) {
                throw new IllegalStateException(location() + " is not a JSON object");
            }
            document = object;
            String owner = document.path("function").asText(null);
            if (!function.equals(owner)) {
                throw new IllegalStateException(location() + " is the ledger of function " + owner + ", not of " + function);
            }
            JsonNode array = document.path("entries");
            if (!array.isMissingNode() && !array.isArray()) {
                throw new IllegalStateException(location() + ": \"entries\" is not an array");
            }
            for (JsonNode node : array) {
                if (!node.isObject()) {
                    throw new IllegalStateException(location() + ": an entry is not a JSON object: " + node);
                }
                entries.add(mapper.treeToValue(node, LedgerEntry.class));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the deployment ledger " + location() + ": " + e.getMessage(), e);
        }
        return new State(document, List.copyOf(entries), stored.get().tag());
    }

    private byte[] withEntry(State current, LedgerEntry entry) {
        ObjectNode document = current.document() == null ? mapper.createObjectNode().put("function", function)
                : current.document().deepCopy();
        ArrayNode entries = document.get("entries") instanceof ArrayNode array ? array : document.putArray("entries");
        entries.add(mapper.valueToTree(entry));
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write ledger entry " + entry.id(), e);
        }
    }

    /**
     * True when exactly this entry is recorded. The one change an id may see is its conclusion: a
     * {@link LedgerEntry.Outcome#PENDING} entry followed by the same id with the final outcome.
     *
     * @throws IllegalArgumentException when another entry has its id (other than concluding a pending one)
     */
    private boolean alreadyRecorded(List<LedgerEntry> entries, LedgerEntry entry) {
        LedgerEntry last = null;
        for (LedgerEntry recorded : entries) {
            if (entry.id().equals(recorded.id())) {
                if (recorded.equals(entry)) {
                    return true;
                }
                last = recorded;
            }
        }
        if (last != null && !(last.outcome() == LedgerEntry.Outcome.PENDING
                && entry.outcome() != LedgerEntry.Outcome.PENDING)) {
            throw new IllegalArgumentException("ledger " + location() + " already has an entry with id " + entry.id()
                    + " (" + last.outcome().json() + "), different from this one (" + entry.outcome().json()
                    + "): every entry needs its own id; only a pending entry may be concluded under its id");
        }
        return false;
    }

    private static List<LedgerEntry> newSince(LedgerSnapshot before, State after) {
        Set<String> seen = new HashSet<>();
        before.entries().forEach(e -> seen.add(e.id()));
        return after.entries().stream().filter(e -> !seen.contains(e.id())).toList();
    }

    /** Random wait up to a growing bound, so writers that just lost do not collide again in lock step. */
    private static void backOff(int attempt) {
        long bound = Math.min(MAX_BACKOFF_MILLIS, 1L << Math.min(attempt, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while appending to a deployment ledger", e);
        }
    }
}
