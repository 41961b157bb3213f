package org.maskrecommender.testkit.lambda;

import java.util.Map;

/**
 * A read-only snapshot of one version of an emulated function: {@code $LATEST} or a published number.
 *
 * @param functionName plain function name (not an ARN)
 * @param version {@code "$LATEST"} or {@code "1"}, {@code "2"}, …
 * @param environment the version's environment variables (e.g. {@code MODEL_VERSION}); unmodifiable
 * @param codeSha256 base64 of the SHA-256 of the deployment package, as Lambda's {@code CodeSha256}
 * @param codeSize size of the deployment package in bytes
 * @param description the version's description: PublishVersion's Description, else empty (as is
 *        {@code $LATEST}'s, which the emulated API cannot change)
 * @param revisionId the version's current RevisionId
 */
public record FunctionVersionView(String functionName, String version, Map<String, String> environment,
        String codeSha256, long codeSize, String description, String revisionId) {

    public FunctionVersionView {
        environment = Map.copyOf(environment);
    }

    /** Shorthand for {@code environment().get("MODEL_VERSION")}. */
    public String modelVersion() {
        return environment.get("MODEL_VERSION");
    }

    /** Shorthand for {@code environment().get("MODEL_MANIFEST_SHA256")}: the hash pinned beside the model. */
    public String manifestSha256() {
        return environment.get("MODEL_MANIFEST_SHA256");
    }
}
