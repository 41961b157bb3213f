package org.maskrecommender.deployer.release;

import java.util.Optional;

/**
 * Where one environment's inference function and artifacts live.
 *
 * @param environment  staging or production
 * @param functionName the inference function, e.g. {@code mask-recommender-inference-staging}
 * @param alias        the alias traffic goes through ({@code live})
 * @param modelStore   the environment's store ({@code s3://bucket/prefix} or a directory): models,
 *                     the deployment ledger and release records
 * @param codeBucket   where release workflows upload code zips, for webhook-triggered tag releases
 * @param codeKeyPrefix key prefix of those zips: {@code <prefix>/<tag>/function.zip}
 */
public record DeploymentTarget(String environment, String functionName, String alias, String modelStore,
                               Optional<String> codeBucket, String codeKeyPrefix) {

    /** The code zip a tag's build uploads, when a code bucket is configured. */
    public Optional<CodeLocation> codeFor(String tag) {
        return codeBucket.map(b -> new CodeLocation(b, (codeKeyPrefix.isEmpty() ? "" : codeKeyPrefix + "/") + tag
                + "/function.zip"));
    }
}
