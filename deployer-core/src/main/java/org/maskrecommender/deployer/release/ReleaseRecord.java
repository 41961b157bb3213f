package org.maskrecommender.deployer.release;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.maskrecommender.core.environment.Environment;

/**
 * {@code releases/<name>.json}: what one successful release put behind alias {@code live}, kept for good.
 * Named by its tag, or by its model version for a model-only release ({@link #name()}).
 *
 * @param tag              the release tag, null for a model-only release
 * @param environment      the environment released to
 * @param function         the inference function
 * @param lambdaVersion    the Lambda version published
 * @param gitSha           the commit of the code, when known
 * @param runUrl           the GitHub Actions run, when known
 * @param code             the code zip released, null for a model-only release (the code live already ran)
 * @param codeSha256Lambda Lambda's CodeSha256 of the published version (base64 sha256 of the zip)
 * @param model            the model version and its files' sha256
 * @param releasedAt       when the alias moved (UTC)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReleaseRecord(String tag, Environment environment, String function, String lambdaVersion, String gitSha,
                            String runUrl, Code code, String codeSha256Lambda, Model model, Instant releasedAt) {

    public ReleaseRecord {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(model, "model");
    }

    /** The record's name: the tag, else the model version. */
    public String name() {
        return nameOf(tag, model.version());
    }

    /** The name of the record of a release of {@code tag} (null for model-only) pinning {@code modelVersion}. */
    public static String nameOf(String tag, String modelVersion) {
        return tag != null ? tag : modelVersion;
    }

    /**
     * The code zip of a tag release.
     *
     * @param s3Bucket bucket
     * @param s3Key    key
     * @param sha256   hex sha256 of the zip as read at release time
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Code(String s3Bucket, String s3Key, String sha256) {

        public CodeLocation location() {
            return new CodeLocation(s3Bucket, s3Key);
        }
    }

    /**
     * The model pinned by the release.
     *
     * @param version        the model version
     * @param manifestSha256 sha256 (hex) of its manifest, pinned beside {@code MODEL_VERSION}
     * @param files          sha256 (hex) of the version's other files, from its manifest
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Model(String version, String manifestSha256, Map<String, String> files) {
    }
}
