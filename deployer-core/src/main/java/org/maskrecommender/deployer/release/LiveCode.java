package org.maskrecommender.deployer.release;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import org.maskrecommender.core.data.SourceContent;

/**
 * The code side of a release: what a tag's zip is (its sha256 and kind, read before anything changes), and putting
 * the code {@code live} runs back into $LATEST before a model-only release.
 */
final class LiveCode {

    private static final System.Logger LOG = System.getLogger(LiveCode.class.getName());
    /** Where packages restored from Lambda are staged in the code bucket; the bucket expires them after a day. */
    static final String RESTORE_PREFIX = "restore/";

    private final LambdaOperations lambda;
    private final Supplier<S3Client> s3;

    LiveCode(LambdaOperations lambda, Supplier<S3Client> s3) {
        this.lambda = lambda;
        this.s3 = s3;
    }

    /**
     * A zip's sha256, as release records keep it and as Lambda reports it, and what kind of package it is.
     *
     * @param hex     hex, for records
     * @param lambda  base64, Lambda's CodeSha256
     * @param kind    native or JVM, from its central directory
     */
    record Digest(String hex, String lambda, DeploymentPackage.Kind kind) {
    }

    /** Reads the zip, so the release can check its kind and that $LATEST then holds exactly it. */
    Digest digest(CodeLocation code) {
        byte[] zip;
        try {
            zip = s3.get().getObjectAsBytes(b -> b.bucket(code.s3Bucket()).key(code.s3Key())).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new ReleaseException("code artifact " + code + " does not exist: it was never uploaded, or the code "
                    + "bucket's lifecycle expired it (CodeRetentionDays); build and upload it again", e);
        } catch (SdkException e) {
            throw new ReleaseException("code artifact " + code + " cannot be read: " + e.getMessage(), e);
        }
        DeploymentPackage.Kind kind;
        try {
            kind = DeploymentPackage.read(zip).kind();
        } catch (ReleaseException e) {
            throw new ReleaseException("code artifact " + code + " is not a deployment package: " + e.getMessage(), e);
        }
        String hex = SourceContent.sha256(zip);
        return new Digest(hex, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)), kind);
    }

    /**
     * Refuses a package that cannot start on the function's runtime ({@code provided.*} needs a native package,
     * {@code java*} a JVM one), before anything is updated: Lambda would accept it, publish it, and fail only
     * when it is invoked.
     */
    void checkRuns(DeploymentTarget target, CodeLocation code, Digest zip) {
        LambdaOperations.FunctionState latest = latest(target);
        DeploymentPackage.Kind needed = DeploymentPackage.kindFor(latest.runtime());
        if (needed == null || needed == zip.kind()) {
            return;
        }
        String fix = needed == DeploymentPackage.Kind.NATIVE
                ? "release the native zip, or deploy the stack with InferenceRuntime=jvm to run JVM zips"
                : "release the JVM zip, or deploy the stack with InferenceRuntime=native to run native zips";
        throw new ReleaseException("code artifact " + code + " is " + zip.kind().description + ", but "
                + target.functionName() + " runs " + latest.runtime() + (needed == DeploymentPackage.Kind.JVM
                ? " (handler " + latest.handler() + ")" : "") + ", which needs "
                + (needed == DeploymentPackage.Kind.NATIVE ? "a native package" : "a JVM package")
                + ": it would fail to start, so nothing was changed; " + fix);
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
        Optional<CodeLocation> released = recordKey == null ? Optional.empty()
                : records.readAt(recordKey).map(ReleaseRecord::code).map(ReleaseRecord.Code::location);
        if (released.isPresent() && exists(released.get())) {
            LOG.log(System.Logger.Level.INFO, () -> "restoring the live code " + released.get() + " to $LATEST "
                    + "before a model-only release");
            lambda.updateCode(target.functionName(), released.get());
        } else {
            // No release record names it (the stack's initial code), or the code bucket's lifecycle expired that
            // zip: the version's own package in Lambda is the same code.
            released.ifPresent(gone -> LOG.log(System.Logger.Level.INFO, () -> "the release zip " + gone
                    + " of version " + liveVersion + " no longer exists (expired); using the version's own package"));
            restoreFromLambda(target, live);
        }
        if (!live.codeSha256().equals(latest(target).codeSha256())) {
            throw new ReleaseException("restoring the code of version " + liveVersion + " to $LATEST did not give "
                    + "it that code");
        }
    }

    /**
     * Puts a version's own package (downloaded from Lambda) back into $LATEST. Lambda takes at most 50 MB as a
     * direct upload and the JVM package is larger, so with a code bucket the package is staged there first, under
     * {@value #RESTORE_PREFIX}{@code <function>/<sha256>.zip}, and installed from S3; without one it is uploaded
     * directly.
     */
    private void restoreFromLambda(DeploymentTarget target, LambdaOperations.FunctionState live) {
        String function = target.functionName();
        byte[] zip = lambda.codeOf(function, live.version());
        String hex = SourceContent.sha256(zip);
        if (!Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)).equals(live.codeSha256())) {
            throw new ReleaseException("the package downloaded for version " + live.version() + " of " + function
                    + " is not that version's code (CodeSha256 " + live.codeSha256() + ")");
        }
        if (target.codeBucket().isEmpty()) {
            LOG.log(System.Logger.Level.INFO, () -> "restoring the code of version " + live.version()
                    + " to $LATEST by direct upload (no code bucket configured)");
            lambda.updateCode(function, zip);
            return;
        }
        CodeLocation staged = new CodeLocation(target.codeBucket().get(), RESTORE_PREFIX + function + "/" + hex + ".zip");
        try {
            // Written every time, even when present: that restarts the day the bucket keeps it, so it cannot
            // expire between here and Lambda reading it.
            s3.get().putObject(b -> b.bucket(staged.s3Bucket()).key(staged.s3Key()), RequestBody.fromBytes(zip));
        } catch (SdkException e) {
            throw new ReleaseException("cannot stage the code of version " + live.version() + " at " + staged + ": "
                    + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.INFO, () -> "restoring the code of version " + live.version() + " to $LATEST "
                + "from " + staged);
        lambda.updateCode(function, staged);
    }

    /** Whether an object exists; other errors than "not found" fail the release. */
    private boolean exists(CodeLocation code) {
        try {
            s3.get().headObject(b -> b.bucket(code.s3Bucket()).key(code.s3Key()));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new ReleaseException("cannot read " + code + ": " + e.getMessage(), e);
        }
    }

    /** $LATEST's state now. */
    LambdaOperations.FunctionState latest(DeploymentTarget target) {
        return lambda.configuration(target.functionName(), "$LATEST")
                .orElseThrow(() -> new ReleaseException("function " + target.functionName() + " does not exist"));
    }
}
