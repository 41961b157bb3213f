package org.maskrecommender.cli;

import java.time.Duration;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.core.notify.Notifier;
import org.maskrecommender.deployer.DeployerServices;
import org.maskrecommender.deployer.release.DeploymentTarget;

/**
 * The deployer's own services for one environment, assembled by {@link DeployerServices} with the command line's
 * clients (Lambda and S3 from the standard {@code AWS_*} variables), the environment's store from {@code --store}
 * (default {@code model-store/<environment>}) and its inference function from {@code STAGING_FUNCTION} /
 * {@code PRODUCTION_FUNCTION}, the code bucket from {@code CODE_BUCKET} (optional: where live code restored from
 * Lambda is staged), and how often updates are polled from {@code DEPLOYER_POLL_DELAY}. Nothing here
 * decides anything a release does; the services do.
 */
final class DeployerSetup {

    private final CliContext context;
    private final DeploymentTarget target;
    private final Duration pollDelay;

    /**
     * @param store the environment's store, or null for {@code model-store/<environment>}
     * @throws IllegalArgumentException for an unusable setting
     */
    DeployerSetup(CliContext context, Environment environment, String store) {
        this.context = context;
        DeploymentTarget t = DeploymentTarget.of(environment, context.storeLocation(store, environment))
                .withFunctionName(context.inferenceFunction(environment));
        // Live code restored from Lambda is staged in the code bucket (Lambda takes 50 MB at most directly).
        String codeBucket = context.env("CODE_BUCKET");
        this.target = codeBucket == null || codeBucket.isBlank() ? t
                : t.withCodeBucket(codeBucket.strip(), DeploymentTarget.DEFAULT_CODE_KEY_PREFIX);
        this.pollDelay = context.updatePollDelay();
    }

    DeploymentTarget target() {
        return target;
    }

    DeployerServices services(Notifier notifier) {
        return DeployerServices.builder().target(target).lambda(context.lambda()).s3(context::s3)
                .stores(context::blobStore).notifier(notifier).mapper(context.mapper()).pollDelay(pollDelay).build();
    }

    /**
     * What started a command-line release or rollback: the operator ({@code $USER}, else "cli"), and the
     * commit from {@code GIT_SHA} when the code is part of it.
     */
    Trigger trigger(Trigger.Type type, String tag, boolean withGitSha) {
        String user = context.env("USER");
        String gitSha = withGitSha ? context.env("GIT_SHA") : null;
        return new Trigger(type, null, user == null || user.isBlank() ? "cli" : user.strip(), tag,
                gitSha == null || gitSha.isBlank() ? null : gitSha.strip(), null);
    }
}
