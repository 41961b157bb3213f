package org.maskrecommender.core.store;

import java.util.Arrays;
import java.util.Objects;
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
     * Creates the object only if no object has that key. Of concurrent creators of one key, one
     * gets true.
     *
     * @return false (and nothing written) when the key already exists
     */
    boolean putIfAbsent(String key, byte[] content);

    /** True when an object has that key. */
    boolean exists(String key);

    /** Where a key lives, for people: {@code s3://bucket/prefix/key} or a file path. */
    String describe(String key);

    /**
     * The object's bytes with a tag naming exactly this state of it, for a later {@link #putIfMatch}.
     * Content and tag come from one read, so the tag always describes these bytes.
     *
     * <p>The default (and that of {@link #putIfMatch}) throws {@link UnsupportedOperationException}:
     * a store that cannot make the conditional write atomic must not pretend to. ({@link S3BlobStore}
     * sends S3's own conditions, which AWS S3 checks atomically with the write; an S3-compatible
     * server may not.)
     *
     * @return empty when the object does not exist
     */
    default Optional<Versioned> getVersioned(String key) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support conditional writes");
    }

    /**
     * Compare-and-swap: writes {@code content} only if the object is still in the state
     * {@code expectedTag} names ({@link Versioned#tag()} of an earlier read), or, with a null
     * {@code expectedTag}, only if no object has the key. Of several writers that read the same
     * state and race to replace it, at most one succeeds; the others get false and should read again.
     * Readers never see a partly written object.
     *
     * <p>Only writers that use this method take part: a plain {@link #put} is unconditional and
     * overwrites whatever is there.
     *
     * <p>An unclear outcome (the response to a write that landed was lost, and the object changed
     * again before the store could check) reads as false: a caller that must neither lose nor repeat
     * its change reads again and looks for it, as the deployment ledger does by entry id.
     *
     * @return false, and nothing written (but for that unclear outcome), when the object is in
     *         another state (or exists, for null)
     */
    default boolean putIfMatch(String key, byte[] content, String expectedTag) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support conditional writes");
    }

    /**
     * An object's bytes and the tag of that state: the ETag on S3, the hex sha256 of the content in
     * a local directory. Tags are opaque; compare them only by passing them back to
     * {@link #putIfMatch}. Two states with the same bytes may share a tag.
     *
     * @param content the bytes
     * @param tag     names this state of the object
     */
    record Versioned(byte[] content, String tag) {

        public Versioned {
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(tag, "tag");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Versioned that && tag.equals(that.tag) && Arrays.equals(content, that.content);
        }

        @Override
        public int hashCode() {
            return 31 * tag.hashCode() + Arrays.hashCode(content);
        }

        @Override
        public String toString() {
            return "Versioned[" + content.length + " bytes, tag " + tag + "]";
        }
    }
}
