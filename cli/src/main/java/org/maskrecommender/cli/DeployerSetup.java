package org.maskrecommender.cli;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.maskrecommender.core.notify.Notifier;
import org.maskrecommender.deployer.Trigger;
import org.maskrecommender.deployer.release.DeploymentTarget;
import org.maskrecommender.deployer.release.LambdaOperations;
import org.maskrecommender.deployer.release.ReleaseService;
import org.maskrecommender.deployer.release.RetryPolicy;
import org.maskrecommender.deployer.release.RollbackService;
import org.maskrecommender.deployer.release.StatusService;

/**
 * The deployer's own services (deployer-core) for one environment, wired as the deployer Lambda wires
 * them but on the command line's clients: Lambda and S3 from the standard {@code AWS_*} variables, the
 * environment's store from {@code --store} (default {@code model-store/<environment>}), the inference
 * function from {@code STAGING_FUNCTION} / {@code PRODUCTION_FUNCTION}. Nothing here decides anything a
 * release does; the services do.
 */
final class DeployerSetup {

    /** The alias traffic goes through. */
    static final String ALIAS = "live";

    /** Same defaults as the deployer Lambda (DeployerConfig): poll every second, give up after 5 minutes. */
    private static final Duration POLL_DELAY = Duration.ofSeconds(1);
    private static final Duration MAX_WAIT = Duration.ofMinutes(5);
    private static final int CANARY_INVOCATIONS = 3;

    /** Environment → {variable naming its function, default function name}. */
    private static final Map<String, String[]> FUNCTIONS = Map.of(
            "staging", new String[] {"STAGING_FUNCTION", "mask-recommender-inference-staging"},
            "production", new String[] {"PRODUCTION_FUNCTION", "mask-recommender-inference"});

    private final CliContext context;
    private final DeploymentTarget target;
    private LambdaOperations operations;

    private DeployerSetup(CliContext context, DeploymentTarget target) {
        this.context = context;
        this.target = target;
    }

    /**
     * @param environment staging or production
     * @param store       the environment's store, or null for {@code model-store/<environment>}
     * @throws IllegalArgumentException for any other environment
     */
    static DeployerSetup of(CliContext context, String environment, String store) {
        String[] function = FUNCTIONS.get(environment);
        if (function == null) {
            throw new IllegalArgumentException("unknown environment '" + environment + "': staging or production");
        }
        String name = context.env(function[0]);
        if (name == null || name.isBlank()) {
            name = function[1];
        }
        return new DeployerSetup(context, new DeploymentTarget(environment, name.strip(), ALIAS,
                context.storeLocation(store, environment), Optional.empty(), "code"));
    }

    DeploymentTarget target() {
        return target;
    }

    ReleaseService releases(Notifier notifier) {
        return new ReleaseService(targets(), context::blobStore, context::s3, operations(), notifier, context.mapper(),
                Clock.systemUTC(), ReleaseService.SMOKE_REQUEST.getBytes(StandardCharsets.UTF_8), CANARY_INVOCATIONS);
    }

    RollbackService rollbacks(Notifier notifier) {
        return new RollbackService(targets(), context::blobStore, operations(), notifier, context.mapper(),
                Clock.systemUTC());
    }

    StatusService status() {
        return new StatusService(targets(), context::blobStore, operations(), context.mapper());
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

    /** This command's one environment; the services ask for it by name. */
    private Function<String, DeploymentTarget> targets() {
        return environment -> {
            if (!target.environment().equals(environment)) {
                throw new IllegalArgumentException("this command targets " + target.environment() + ", not " + environment);
            }
            return target;
        };
    }

    private synchronized LambdaOperations operations() {
        if (operations == null) {
            operations = new LambdaOperations(context.lambda(), RetryPolicy.standard(), POLL_DELAY, MAX_WAIT);
        }
        return operations;
    }
}
