package org.maskrecommender.core.store;

/**
 * A stored file is missing, unreadable, or not the bytes its manifest names. Serving such a model
 * could score with the wrong weights or catalogue, so callers must not fall back to using it.
 */
public class ArtifactIntegrityException extends RuntimeException {

    public ArtifactIntegrityException(String message) {
        super(message);
    }

    public ArtifactIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }

    static ArtifactIntegrityException checksumMismatch(String location, String expectedSha256, String actualSha256) {
        return new ArtifactIntegrityException("sha256 mismatch for " + location + ": manifest says " + expectedSha256
                + ", stored bytes are " + actualSha256);
    }
}
