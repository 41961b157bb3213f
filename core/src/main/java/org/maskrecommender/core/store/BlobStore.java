package org.maskrecommender.core.store;

import java.util.Optional;

/**
 * The few object operations the model store needs, over S3 or a local directory. Keys are
 * slash-separated and relative to the store's root ({@code models/<version>/model.onnx}).
 */
public interface BlobStore {

    /** The object's bytes, empty when it does not exist. */
    Optional<byte[]> get(String key);

    /** Creates or replaces the object. Readers never see a partly written object. */
    void put(String key, byte[] content);

    /**
     * Creates the object only if no object has that key.
     *
     * @return false (and nothing written) when the key already exists
     */
    boolean putIfAbsent(String key, byte[] content);

    /** True when an object has that key. */
    boolean exists(String key);

    /** Where a key lives, for people: {@code s3://bucket/prefix/key} or a file path. */
    String describe(String key);
}
