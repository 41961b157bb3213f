package org.maskrecommender.deployer.release;

import java.util.Objects;
import java.util.Optional;

import org.maskrecommender.core.environment.Environment;

/**
 * Where one environment's inference function and artifacts live in this deployment.
 *
 * @param environment   the environment
 * @param functionName  its inference function, by default {@link Environment#inferenceFunction()}
 * @param alias         the alias traffic goes through ({@link Environment#ALIAS})
 * @param modelStore    the environment's store ({@code s3://bucket/prefix} or a directory): models, the
 *                      deployment ledger and release records
 * @param codeBucket    where release workflows upload code zips, for tag releases that name no code
 * @param codeKeyPrefix key prefix of those zips: {@code <prefix>/<tag>/function.zip}
 */
public record DeploymentTarget(Environment environment, String functionName, String alias, String modelStore,
                               Optional<String> codeBucket, String codeKeyPrefix) {

    /** The key prefix release workflows upload code zips under. */
    public static final String DEFAULT_CODE_KEY_PREFIX = "code";

    public DeploymentTarget {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(modelStore, "modelStore");
        Objects.requireNonNull(codeBucket, "codeBucket");
        Objects.requireNonNull(codeKeyPrefix, "codeKeyPrefix");
    }

    /** The environment's default function and alias, over {@code modelStore}, without a code bucket. */
    public static DeploymentTarget of(Environment environment, String modelStore) {
        return new DeploymentTarget(environment, environment.inferenceFunction(), Environment.ALIAS, modelStore,
                Optional.empty(), DEFAULT_CODE_KEY_PREFIX);
    }

    /** The same target with another function name (a deployment that names its functions otherwise). */
    public DeploymentTarget withFunctionName(String name) {
        return new DeploymentTarget(environment, name, alias, modelStore, codeBucket, codeKeyPrefix);
    }

    /** The same target with a code bucket for tag releases that name no code. */
    public DeploymentTarget withCodeBucket(String bucket, String keyPrefix) {
        return new DeploymentTarget(environment, functionName, alias, modelStore, Optional.of(bucket), keyPrefix);
    }

    /** The code zip a tag's build uploads, when a code bucket is configured. */
    public Optional<CodeLocation> codeFor(String tag) {
        return codeBucket.map(b -> new CodeLocation(b, (codeKeyPrefix.isEmpty() ? "" : codeKeyPrefix + "/") + tag
                + "/function.zip"));
    }
}
