package org.maskrecommender.core.store;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A model version and the sha256 its {@code manifest.json} had when it was published: what a reader may serve.
 * The manifest names the sha256 of every other file, so this one hash pins the whole version; a manifest edited
 * after publishing no longer matches and is refused. {@code latest.json} carries one; the deployer pins one beside
 * {@code MODEL_VERSION} in every Lambda version ({@code MODEL_MANIFEST_SHA256}).
 *
 * @param version        the version id ({@link ModelVersion})
 * @param manifestSha256 hex sha256 of the version's manifest.json, lower case
 */
public record ModelRef(String version, String manifestSha256) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ModelRef {
        if (!ModelVersion.isWellFormed(version)) {
            throw new IllegalArgumentException("not a model version id (expected e.g. 20261128T050012Z-3f9a1c2e): "
                    + version);
        }
        Objects.requireNonNull(manifestSha256, "manifestSha256");
        if (!SHA256.matcher(manifestSha256).matches()) {
            throw new IllegalArgumentException("the manifest sha256 of " + version + " must be 64 lower-case hex "
                    + "digits, got '" + (manifestSha256.length() > 80 ? manifestSha256.substring(0, 80) + "…"
                    : manifestSha256) + "'");
        }
    }
}
