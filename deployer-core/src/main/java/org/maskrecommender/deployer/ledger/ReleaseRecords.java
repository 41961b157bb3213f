package org.maskrecommender.deployer.ledger;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.maskrecommender.core.store.BlobStore;

/**
 * {@code releases/<name>.json} in the environment's store: what one release was (tag, code, model,
 * versions), named by its tag ({@code staging-recommender-v1.2.3}) or model version
 * ({@code 20261128T050012Z-3f9a1c2e}). Records are immutable: created once, never overwritten, so a
 * record can be trusted as what was released under that name.
 */
public final class ReleaseRecords {

    private final BlobStore store;
    private final ObjectMapper mapper;

    public ReleaseRecords(BlobStore store, ObjectMapper mapper) {
        this.store = Objects.requireNonNull(store, "store");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * Creates the record, atomically, unless one of that name exists. Returns false rather than
     * throwing because a second write is usually a redelivered event, which the caller answers by
     * reading the record that exists, not by failing.
     *
     * @param name only {@code [A-Za-z0-9._-]}, not starting with a dot, at most 200 characters
     * @return true when this call created it (on S3 also when exactly these bytes were stored already:
     *         our own request, retried by the SDK); false, nothing written, when a record of that name
     *         exists
     */
    public boolean write(String name, ObjectNode record) {
        String key = keyOf(name);
        Objects.requireNonNull(record, "record");
        byte[] bytes;
        try {
            bytes = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise release record " + name, e);
        }
        return store.putIfAbsent(key, bytes);
    }

    /** The record of that name, empty when none. */
    public Optional<ObjectNode> read(String name) {
        String key = keyOf(name);
        Optional<byte[]> stored = store.get(key);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(stored.get());
        } catch (IOException e) {
            throw new IllegalStateException("release record " + store.describe(key) + " is not JSON: " + e.getMessage(), e);
        }
        if (!(tree instanceof ObjectNode record)) {
            throw new IllegalStateException("release record " + store.describe(key) + " is not a JSON object");
        }
        return Optional.of(record);
    }

    /** Where a record lives, for messages. */
    public String location(String name) {
        return store.describe(keyOf(name));
    }

    /**
     * The store key of a record, {@code releases/<name>.json}, e.g. for a function's environment.
     *
     * @throws IllegalArgumentException for a name that is not a valid record name
     */
    public static String keyOf(String name) {
        return "releases/" + StoreNames.check("release record name", name) + ".json";
    }
}
