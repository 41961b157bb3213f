package org.maskrecommender.core.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Bytes read from a data location.
 *
 * @param name  the location as given (file path, {@code s3://…}, {@code https://…}), for messages
 * @param bytes the content
 */
public record SourceContent(String name, byte[] bytes) {

    /** Hex sha256 of the content, recorded in manifests so a model names the exact data it saw. */
    public String sha256() {
        return sha256(bytes);
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
