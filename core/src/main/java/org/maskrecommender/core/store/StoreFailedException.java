package org.maskrecommender.core.store;

/**
 * The store itself failed during a publish (unreachable, an error answer): not a refusal, and not a
 * damaged file. The message names the object being written or read and says whether
 * {@code latest.json} was moved, so whoever reads it knows what is served now.
 */
public class StoreFailedException extends RuntimeException {

    private final String object;
    private final boolean pointerUnchanged;

    /**
     * @param object           the object the failed call was about, e.g. {@code s3://bucket/models/v/model.onnx}
     * @param pointerUnchanged true when the failure came before the pointer write, so {@code latest.json} still
     *                         names what it named before; false when it came during the pointer write, whose
     *                         outcome is then unknown
     */
    public StoreFailedException(String message, String object, boolean pointerUnchanged, Throwable cause) {
        super(message, cause);
        this.object = object;
        this.pointerUnchanged = pointerUnchanged;
    }

    /** The object the failed call was about. */
    public String object() {
        return object;
    }

    /** Whether {@code latest.json} is known to still name what it named before the publish. */
    public boolean pointerUnchanged() {
        return pointerUnchanged;
    }
}
