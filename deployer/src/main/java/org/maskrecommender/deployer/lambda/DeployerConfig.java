package org.maskrecommender.deployer.lambda;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import org.maskrecommender.lambda.AwsClientSettings;

/**
 * Configuration of the deployer function (environment variables are named in application.properties). Its S3
 * client is the Quarkus extension's ({@code quarkus.s3.*}), its Lambda client {@link #lambdaClient()}.
 */
@ConfigMapping(prefix = "deployer")
public interface DeployerConfig {

    /** Per environment id ({@code staging}, {@code production}): its inference function, store and code location. */
    Map<String, Target> environments();

    /** One environment's targets. */
    interface Target {
        /** The inference function. */
        String function();

        /** The environment's store: models, ledger, release records. */
        String modelStore();

        /** Where release workflows upload code zips ({@code <prefix>/<tag>/function.zip}). */
        Optional<String> codeBucket();

        @WithDefault("code")
        String codeKeyPrefix();

        /** The CloudWatch alarms on the function's alias {@code live} (the stack names them), for release answers. */
        Optional<List<String>> alarms();
    }

    /** How long after a release an alarm on {@code live} rolls it back by itself (the stack's bake window). */
    @WithDefault("PT60M")
    Duration bakeWindow();

    /** The Lambda control-plane client ({@code deployer.lambda-client.*}). */
    AwsClientSettings lambdaClient();

    /** Smoke invocations through the alias during a canary. */
    @WithDefault("3")
    int canaryInvocations();

    /** How often an update's status is polled. */
    @WithDefault("PT1S")
    Duration pollDelay();

    /** How long an update may take. */
    @WithDefault("PT5M")
    Duration maxWait();

    /** How long a published version may stay Pending (SnapStart's snapshot) before the release fails. */
    @WithDefault("PT8M")
    Duration publishWait();
}
