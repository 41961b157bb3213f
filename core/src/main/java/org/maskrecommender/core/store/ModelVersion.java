package org.maskrecommender.core.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.maskrecommender.core.data.SourceContent;

/**
 * Version ids sort by time and name their content: {@code 20261128T050012Z-3f9a1c2e} is the UTC
 * publish time and the first 8 hex digits of the model file's sha256.
 */
public final class ModelVersion {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private ModelVersion() {
    }

    public static String of(Instant createdAt, byte[] modelOnnx) {
        return STAMP.format(createdAt) + "-" + SourceContent.sha256(modelOnnx).substring(0, 8);
    }

    /** True for strings of the version shape; used to refuse path tricks in pinned versions. */
    public static boolean isWellFormed(String version) {
        return version != null && version.matches("\\d{8}T\\d{6}Z-[0-9a-f]{8}");
    }
}
