package org.maskrecommender.deployer.release;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.data.SourceContent;

/**
 * The code side of a release: what a tag's zip is (its sha256, read before anything changes), and putting the
 * code {@code live} runs back into $LATEST before a model-only release.
 */
final class LiveCode {

    private static final System.Logger LOG = System.getLogger(LiveCode.class.getName());

    private final LambdaOperations lambda;
    private final Supplier<S3Client> s3;

    LiveCode(LambdaOperations lambda, Supplier<S3Client> s3) {
        this.lambda = lambda;
        this.s3 = s3;
    }

    /**
     * A zip's sha256, as release records keep it and as Lambda reports it.
     *
     * @param hex    hex, for records
     * @param lambda base64, Lambda's CodeSha256
     */
    record Digest(String hex, String lambda) {
    }

    /** Reads the zip, so the release can check that $LATEST holds exactly it. */
    Digest digest(CodeLocation code) {
        byte[] zip;
        try {
            zip = s3.get().getObjectAsBytes(b -> b.bucket(code.s3Bucket()).key(code.s3Key())).asByteArray();
        } catch (SdkException e) {
            throw new ReleaseException("code artifact " + code + " cannot be read: " + e.getMessage(), e);
        }
        String hex = SourceContent.sha256(zip);
        return new Digest(hex, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
    }

    /**
     * A model-only release must ship the code {@code live} runs, not whatever $LATEST holds: a failed tag
     * release or a rollback leaves other code there. When they differ, the live version's code is put
     * back — from its release record's zip, else from the version's own code package in Lambda.
     *
     * @param liveVersion the version alias {@code live} points at
     */
    void restoreInLatest(DeploymentTarget target, String liveVersion, ReleaseRecords records) {
        LambdaOperations.FunctionState live = lambda.configuration(target.functionName(), liveVersion)
                .orElseThrow(() -> new ReleaseException("version " + liveVersion + " behind alias "
                        + target.alias() + " does not exist"));
        if (live.codeSha256().equals(latest(target).codeSha256())) {
            return;
        }
        String recordKey = live.environment().get(ReleaseService.RELEASE_RECORD_VARIABLE);
        Optional<ReleaseRecord.Code> code = recordKey == null ? Optional.empty()
                : records.readAt(recordKey).map(ReleaseRecord::code);
        if (code.isPresent()) {
            CodeLocation liveCode = code.get().location();
            LOG.log(System.Logger.Level.INFO, () -> "restoring the live code " + liveCode + " to $LATEST before a "
                    + "model-only release");
            lambda.updateCode(target.functionName(), liveCode);
        } else {
            // No release record names it (e.g. the stack's initial code): take it from the live version itself.
            LOG.log(System.Logger.Level.INFO, () -> "restoring the code of version " + liveVersion
                    + " to $LATEST before a model-only release");
            lambda.updateCode(target.functionName(), lambda.codeOf(target.functionName(), liveVersion));
        }
        if (!live.codeSha256().equals(latest(target).codeSha256())) {
            throw new ReleaseException("restoring the code of version " + liveVersion + " to $LATEST did not give "
                    + "it that code");
        }
    }

    /** $LATEST's state now. */
    LambdaOperations.FunctionState latest(DeploymentTarget target) {
        return lambda.configuration(target.functionName(), "$LATEST")
                .orElseThrow(() -> new ReleaseException("function " + target.functionName() + " does not exist"));
    }
}
