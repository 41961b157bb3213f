package org.maskrecommender.deployer.release;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.maskrecommender.core.store.BlobStore;
import org.maskrecommender.core.store.StoreNames;

/**
 * The {@link ReleaseRecord}s in an environment's store, {@code releases/<name>.json}, named by tag
 * ({@code staging-recommender-v1.2.3}) or model version ({@code 20261128T050012Z-3f9a1c2e}). Records are
 * immutable: created once, never overwritten, so a record can be trusted as what was released under that name.
 * A Lambda version names its record by key in its {@code RELEASE_RECORD} variable ({@link #keyOf}).
 */
public final class ReleaseRecords {

    private static final String PREFIX = "releases/";
    private static final String SUFFIX = ".json";

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
     * @return true when this call created it (on S3 also when exactly these bytes were stored already:
     *         our own request, retried by the SDK); false, nothing written, when a record of that name
     *         exists
     */
    public boolean write(ReleaseRecord record) {
        Objects.requireNonNull(record, "record");
        String name = record.name();
        String key = keyOf(name);
        byte[] bytes;
        try {
            bytes = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise release record " + name, e);
        }
        return store.putIfAbsent(key, bytes);
    }

    /** The record of that name, empty when none. */
    public Optional<ReleaseRecord> read(String name) {
        return readKey(keyOf(name));
    }

    /**
     * The record at a key as {@link #keyOf} makes them (a Lambda version's {@code RELEASE_RECORD}), empty when
     * none.
     *
     * @throws IllegalArgumentException when {@code key} is not a release record's key
     */
    public Optional<ReleaseRecord> readAt(String key) {
        if (key == null || !key.startsWith(PREFIX) || !key.endsWith(SUFFIX)
                || !key.equals(keyOf(key.substring(PREFIX.length(), key.length() - SUFFIX.length())))) {
            throw new IllegalArgumentException("not a release record key (" + PREFIX + "<name>" + SUFFIX + "): " + key);
        }
        return readKey(key);
    }

    private Optional<ReleaseRecord> readKey(String key) {
        Optional<byte[]> stored = store.get(key);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(stored.get(), ReleaseRecord.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("release record " + store.describe(key) + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The store key of a record, {@code releases/<name>.json}, e.g. for a function's environment.
     *
     * @throws IllegalArgumentException for a name that is not a valid record name
     */
    public static String keyOf(String name) {
        return PREFIX + StoreNames.check("release record name", name) + SUFFIX;
    }
}
