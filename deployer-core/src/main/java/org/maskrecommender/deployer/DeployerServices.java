package org.maskrecommender.deployer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.notify.Notifier;
import org.maskrecommender.core.store.BlobStore;
import org.maskrecommender.core.store.StoreLocation;
import org.maskrecommender.deployer.alarm.BakeWatch;
import org.maskrecommender.deployer.release.DeploymentTarget;
import org.maskrecommender.deployer.release.DeploymentTargets;
import org.maskrecommender.deployer.release.LambdaOperations;
import org.maskrecommender.deployer.release.ReleaseService;
import org.maskrecommender.deployer.release.RetryPolicy;
import org.maskrecommender.deployer.release.RollbackService;
import org.maskrecommender.deployer.release.StatusService;
import org.maskrecommender.deployer.trigger.EventRecognizer;

/**
 * The deployer's services assembled once, the same way for the Lambda, the command line and the tests: each
 * caller says what differs (its clients, its environments, its notifier) and takes the defaults for the rest.
 * <pre>{@code
 * DeployerServices deployer = DeployerServices.builder()
 *         .target(DeploymentTarget.of(Environment.STAGING, "s3://bucket/staging"))
 *         .lambda(lambdaClient).s3(() -> s3Client).notifier(mail)
 *         .build();
 * deployer.releases().release(request);
 * }</pre>
 */
public final class DeployerServices {

    private final DeploymentTargets targets;
    private final ReleaseService releases;
    private final RollbackService rollbacks;
    private final StatusService status;
    private final DeployerService service;

    private DeployerServices(Builder b) {
        this.targets = new DeploymentTargets(b.targets);
        Function<String, BlobStore> stores = b.stores != null ? b.stores : location -> StoreLocation.open(location, b.s3);
        LambdaOperations lambda = new LambdaOperations(Objects.requireNonNull(b.lambda, "lambda client"), b.retry,
                b.pollDelay, b.maxWait, b.publishWait);
        this.releases = new ReleaseService(targets, stores, b.s3, lambda, b.notifier, b.mapper, b.clock,
                b.smokeRequest.getBytes(StandardCharsets.UTF_8), b.canaryInvocations, b.bake);
        this.rollbacks = new RollbackService(targets, stores, lambda, b.notifier, b.mapper, b.clock, b.bake);
        this.status = new StatusService(targets, stores, lambda, b.mapper);
        this.service = new DeployerService(new EventRecognizer(targets.environments()), releases, rollbacks, status,
                targets, b.mapper, b.bake);
    }

    public static Builder builder() {
        return new Builder();
    }

    public DeploymentTargets targets() {
        return targets;
    }

    public ReleaseService releases() {
        return releases;
    }

    public RollbackService rollbacks() {
        return rollbacks;
    }

    public StatusService status() {
        return status;
    }

    /** The whole event handling, for the Lambda. */
    public DeployerService service() {
        return service;
    }

    /** What a deployer is made of; everything but the targets and the Lambda client has a default. */
    public static final class Builder {

        private final List<DeploymentTarget> targets = new ArrayList<>();
        private LambdaClient lambda;
        private Supplier<S3Client> s3 = () -> {
            throw new IllegalStateException("no S3 client configured (needed for s3:// stores and code zips)");
        };
        private Function<String, BlobStore> stores;
        private Notifier notifier = notification -> { };
        private ObjectMapper mapper = Json.newMapper();
        private Clock clock = Clock.systemUTC();
        private RetryPolicy retry = RetryPolicy.standard();
        private Duration pollDelay = Duration.ofSeconds(1);
        private Duration maxWait = Duration.ofMinutes(5);
        private Duration publishWait = Duration.ofMinutes(8);
        private int canaryInvocations = 3;
        private String smokeRequest = ReleaseService.SMOKE_REQUEST;
        private BakeWatch bake = BakeWatch.standard();

        private Builder() {
        }

        /** An environment this deployer serves; call once per environment. */
        public Builder target(DeploymentTarget target) {
            targets.add(Objects.requireNonNull(target, "target"));
            return this;
        }

        /** The Lambda control-plane client (AWS, or the local emulator through its endpoint). */
        public Builder lambda(LambdaClient client) {
            this.lambda = client;
            return this;
        }

        /** The S3 client for {@code s3://} stores and code zips, asked for only when one is used. */
        public Builder s3(Supplier<S3Client> client) {
            this.s3 = Objects.requireNonNull(client, "s3");
            return this;
        }

        /** How a store location becomes a store; default {@link StoreLocation#open} with the S3 client. */
        public Builder stores(Function<String, BlobStore> opener) {
            this.stores = opener;
            return this;
        }

        /**
         * The alarms that watch each environment's alias {@code live} and the bake window after a release within
         * which they roll it back; default {@link BakeWatch#standard()} (60 minutes, no alarm named).
         */
        public Builder bakeWatch(BakeWatch watch) {
            this.bake = Objects.requireNonNull(watch, "watch");
            return this;
        }

        /** Where release and rollback emails go; default nowhere. */
        public Builder notifier(Notifier n) {
            this.notifier = Objects.requireNonNull(n, "notifier");
            return this;
        }

        public Builder mapper(ObjectMapper m) {
            this.mapper = Objects.requireNonNull(m, "mapper");
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Backoff for Lambda's conflicts and throttling; default {@link RetryPolicy#standard()}. */
        public Builder retry(RetryPolicy policy) {
            this.retry = Objects.requireNonNull(policy, "retry");
            return this;
        }

        /** How often an update's status is polled (default 1 s) and how long it may take (default 5 min). */
        public Builder updateWait(Duration poll, Duration max) {
            this.pollDelay = Objects.requireNonNull(poll, "poll");
            this.maxWait = Objects.requireNonNull(max, "max");
            return this;
        }

        /** How often an update's status is polled (default 1 s), keeping how long it may take. */
        public Builder pollDelay(Duration poll) {
            this.pollDelay = Objects.requireNonNull(poll, "poll");
            return this;
        }

        /**
         * How long a published version may stay {@code Pending} (SnapStart takes its snapshot, for minutes) before
         * the release fails; default 8 min (within the deployer function's 15). Polled as often as updates.
         */
        public Builder publishWait(Duration max) {
            this.publishWait = Objects.requireNonNull(max, "max");
            return this;
        }

        /** Smoke invocations through the alias while a canary runs; default 3. */
        public Builder canaryInvocations(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("canary invocations must be at least 1, got " + n);
            }
            this.canaryInvocations = n;
            return this;
        }

        /** The canned request every new version must answer; default {@link ReleaseService#SMOKE_REQUEST}. */
        public Builder smokeRequest(String json) {
            this.smokeRequest = Objects.requireNonNull(json, "smokeRequest");
            return this;
        }

        public DeployerServices build() {
            return new DeployerServices(this);
        }
    }
}
