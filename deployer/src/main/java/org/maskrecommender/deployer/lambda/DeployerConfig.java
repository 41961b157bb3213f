package org.maskrecommender.deployer.lambda;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the deployer function (environment variables are named in application.properties). */
@ConfigMapping(prefix = "deployer")
public interface DeployerConfig {

    /** Per environment (staging, production): its inference function, store and code location. */
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
    }

    /** Lambda API endpoint override (a local emulator); absent = {@code AWS_ENDPOINT_URL_LAMBDA}, else AWS. */
    Optional<String> lambdaEndpoint();

    /** The alias traffic goes through. */
    @WithDefault("live")
    String alias();

    /** GitHub webhook secret; without one every delivery is refused (401). */
    Optional<String> webhookSecret();

    /** Workflows whose success on a tag releases it (name or file); empty = any. */
    Optional<List<String>> releaseWorkflows();

    /** Who gets release emails; empty = nobody. */
    Optional<List<String>> mailTo();

    /** Smoke invocations through the alias during a canary. */
    @WithDefault("3")
    int canaryInvocations();

    /** How often an update's status is polled. */
    @WithDefault("PT1S")
    Duration pollDelay();

    /** How long an update may take. */
    @WithDefault("PT5M")
    Duration maxWait();
}
