package org.maskrecommender.deployer.release;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkServiceClientConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasRoutingConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;
import software.amazon.awssdk.services.lambda.waiters.LambdaWaiter;

/**
 * The Lambda control-plane calls a release makes, each retried on conflicts and throttling, with
 * updates awaited through the SDK's waiter until Lambda reports them done, and published versions until they are
 * Active. Invokes are never retried by the SDK and wait past the callee's own timeout (see {@link #invoke}).
 * Above 300 lines because it is the one place each Lambda call carries its retries, waits and error wording; the
 * decisions are in {@link ReleaseService}, {@link LiveCode} and {@link RollbackService}.
 */
public final class LambdaOperations {

    /**
     * What an Invoke waits beyond the callee's {@code Timeout}: its initialisation (up to 10 s, not counted in the
     * timeout) and the network, so the function's own answer (or its timeout error) arrives before the client
     * gives up.
     */
    public static final Duration INVOKE_MARGIN = Duration.ofSeconds(30);

    private final LambdaClient lambda;
    private final RetryPolicy retry;
    private final LambdaWaiter waiter;
    private final Duration pollDelay;
    private final Duration publishWait;

    /**
     * @param lambda      the Lambda client (endpoint overridable)
     * @param retry       backoff for conflicts and throttling
     * @param pollDelay   how often the waiters poll an update's status and a new version's state
     * @param maxWait     how long an update may take before the release gives up
     * @param publishWait how long a published version may stay Pending (SnapStart takes its snapshot then) before
     *                    the release gives up
     */
    public LambdaOperations(LambdaClient lambda, RetryPolicy retry, Duration pollDelay, Duration maxWait,
                            Duration publishWait) {
        this.lambda = lambda;
        this.retry = retry;
        this.pollDelay = pollDelay;
        this.publishWait = publishWait;
        this.waiter = LambdaWaiter.builder().client(lambda).overrideConfiguration(WaiterOverrideConfiguration.builder()
                .backoffStrategyV2(software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelay(pollDelay))
                .waitTimeout(maxWait).maxAttempts(Integer.MAX_VALUE).build()).build();
    }

    /**
     * An alias as the release sees it.
     *
     * @param version the version it points at
     * @param routing additional versions and their traffic share (0–1)
     */
    public record AliasState(String version, Map<String, Double> routing) {
    }

    /**
     * A function version's (or $LATEST's) state.
     *
     * @param version     the version ($LATEST or a number)
     * @param codeSha256  Lambda's CodeSha256 (base64 sha256 of the zip)
     * @param revisionId  revision, for preconditions
     * @param description description
     * @param environment environment variables
     * @param runtime     e.g. {@code provided.al2023} or {@code java21}; null when Lambda did not say
     * @param handler     the handler (irrelevant to {@code provided.*} runtimes)
     * @param timeout     the function's {@code Timeout}; null when Lambda did not say
     */
    public record FunctionState(String version, String codeSha256, String revisionId, String description,
                                Map<String, String> environment, String runtime, String handler, Duration timeout) {
    }

    /** Lambda's longest {@code Timeout}, for a version whose configuration does not say. */
    static final Duration MAX_FUNCTION_TIMEOUT = Duration.ofSeconds(900);

    /** A version's {@code Timeout}, else Lambda's maximum. */
    static Duration timeoutOf(FunctionState state) {
        return state.timeout() == null ? MAX_FUNCTION_TIMEOUT : state.timeout();
    }

    /** The alias, empty when it does not exist yet. */
    public Optional<AliasState> alias(String function, String alias) {
        try {
            var r = retry.call("GetAlias", () -> lambda.getAlias(b -> b.functionName(function).name(alias)));
            Map<String, Double> routing = r.routingConfig() == null || r.routingConfig().additionalVersionWeights() == null
                    ? Map.of() : Map.copyOf(r.routingConfig().additionalVersionWeights());
            return Optional.of(new AliasState(r.functionVersion(), routing));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** A version's (or $LATEST's) state, empty when it does not exist. */
    public Optional<FunctionState> configuration(String function, String qualifier) {
        try {
            var r = retry.call("GetFunctionConfiguration", () -> lambda.getFunctionConfiguration(b -> b
                    .functionName(function).qualifier(qualifier)));
            return Optional.of(state(r));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static FunctionState state(GetFunctionConfigurationResponse r) {
        Map<String, String> env = r.environment() == null || r.environment().variables() == null
                ? Map.of() : Map.copyOf(r.environment().variables());
        return new FunctionState(r.version(), r.codeSha256(), r.revisionId(), r.description(), env,
                r.runtimeAsString(), r.handler(), r.timeout() == null ? null : Duration.ofSeconds(r.timeout()));
    }

    /**
     * Waits until a published version is {@code Active}, through the SDK's waiter. With SnapStart a new version is
     * {@code Pending} while Lambda takes its snapshot (minutes), and invoking it or routing traffic to it fails
     * until then; without SnapStart the first poll reads Active.
     *
     * @return the version's configuration once Active
     * @throws ReleaseException when it turned {@code Failed}, or stayed Pending longer than the publish wait
     */
    public FunctionState awaitActive(String function, String version) {
        WaiterResponse<GetFunctionConfigurationResponse> done;
        try {
            done = waiter.waitUntilPublishedVersionActive(b -> b.functionName(function).qualifier(version),
                    o -> o.backoffStrategyV2(software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelay(pollDelay))
                            .waitTimeout(publishWait).maxAttempts(Integer.MAX_VALUE));
        } catch (LambdaException | software.amazon.awssdk.core.exception.SdkClientException e) {
            throw new ReleaseException("version " + version + " of " + function + " did not become Active "
                    + whyNot(function, version, e), e);
        }
        return done.matched().response().map(LambdaOperations::state).orElseThrow(() -> new ReleaseException(
                "version " + version + " of " + function + " did not become Active: "
                        + done.matched().exception().map(Throwable::getMessage).orElse("no answer")));
    }

    private String whyNot(String function, String version, RuntimeException waiterError) {
        try {
            var r = lambda.getFunctionConfiguration(b -> b.functionName(function).qualifier(version));
            String state = r.stateAsString();
            if ("Pending".equals(state)) {
                return "within " + publishWait.toSeconds() + " s (still Pending"
                        + (r.stateReason() == null ? "" : ": " + r.stateReason()) + ")";
            }
            return "(State " + state + (r.stateReasonCodeAsString() == null ? "" : ", " + r.stateReasonCodeAsString())
                    + (r.stateReason() == null ? "" : ": " + r.stateReason()) + ")";
        } catch (RuntimeException e) {
            return "(" + waiterError.getMessage() + ")";
        }
    }

    /** UpdateFunctionCode from an S3 zip, then wait until Lambda reports it done. */
    public void updateCode(String function, CodeLocation code) {
        retry.call("UpdateFunctionCode", () -> lambda.updateFunctionCode(b -> b.functionName(function)
                .s3Bucket(code.s3Bucket()).s3Key(code.s3Key())));
        awaitUpdate(function, "the code update");
    }

    /**
     * The code package of a version, downloaded from the pre-signed location GetFunction answers (valid
     * for minutes), for putting a version's exact code back into $LATEST.
     */
    public byte[] codeOf(String function, String qualifier) {
        String location = retry.call("GetFunction", () -> lambda.getFunction(b -> b.functionName(function)
                .qualifier(qualifier))).code().location();
        try {
            java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(location))
                            .timeout(java.time.Duration.ofMinutes(2)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new ReleaseException("downloading the code of " + function + ":" + qualifier + " answered HTTP "
                        + r.statusCode());
            }
            return r.body();
        } catch (java.io.IOException e) {
            throw new ReleaseException("cannot download the code of " + function + ":" + qualifier + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReleaseException("interrupted while downloading the code of " + function + ":" + qualifier, e);
        }
    }

    /**
     * UpdateFunctionCode with the zip itself, then wait. Lambda takes at most 50 MB (zipped) this way and answers
     * larger ones with 413 RequestEntityTooLargeException; larger packages go through S3.
     */
    public void updateCode(String function, byte[] zip) {
        try {
            retry.call("UpdateFunctionCode", () -> lambda.updateFunctionCode(b -> b.functionName(function)
                    .zipFile(SdkBytes.fromByteArray(zip))));
        } catch (LambdaException e) {
            if (e.statusCode() == 413) {
                throw new ReleaseException("Lambda refused a direct upload of " + zip.length + " bytes to " + function
                        + " (" + RetryPolicy.describe(e) + "); packages above 50 MB must be staged in S3: configure "
                        + "a code bucket (CODE_BUCKET)", e);
            }
            throw e;
        }
        awaitUpdate(function, "the code update");
    }

    /**
     * Sets the given variables on $LATEST, keeping every other variable (Lambda replaces the whole map,
     * so the current one is read and merged), then waits until the update is done.
     */
    public void mergeEnvironment(String function, Map<String, String> variables) {
        retry.call("UpdateFunctionConfiguration", () -> {
            FunctionState current = configuration(function, "$LATEST")
                    .orElseThrow(() -> new ReleaseException("function " + function + " does not exist"));
            Map<String, String> merged = new HashMap<>(current.environment());
            merged.putAll(variables);
            return lambda.updateFunctionConfiguration(b -> b.functionName(function).revisionId(current.revisionId())
                    .environment(e -> e.variables(merged)));
        });
        awaitUpdate(function, "the configuration update");
    }

    /**
     * PublishVersion guarded by the code sha256 and revision the release verified, so a concurrent
     * change of $LATEST makes this release fail instead of publishing someone else's state.
     *
     * @return the version number
     */
    public String publish(String function, String codeSha256, String revisionId, String description) {
        try {
            return retry.call("PublishVersion", () -> lambda.publishVersion(b -> b.functionName(function)
                    .codeSha256(codeSha256).revisionId(revisionId).description(description))).version();
        } catch (PreconditionFailedException | InvalidParameterValueException e) {
            // A stale RevisionId is 412; a CodeSha256 that is no longer $LATEST's is 400 on AWS.
            throw new ReleaseException("$LATEST of " + function + " changed during the release (another release "
                    + "or a manual change): " + RetryPolicy.describe(e), e);
        }
    }

    /**
     * Invokes a version or alias synchronously, once: an invoke that fails after the function may have run (a 5xx,
     * a lost connection, a client timeout) is not repeated by the SDK, since that would run the function again.
     * Throttling and conflicts (the function did not run) are retried by the {@link RetryPolicy}. The client waits
     * {@code calleeTimeout} plus {@link #INVOKE_MARGIN}, so a slow (cold) function's answer is not cut off and
     * re-sent; the HTTP client's socket timeout must not be shorter (see the Lambda client's settings).
     *
     * @param calleeTimeout the invoked function's configured {@code Timeout}
     * @return what the function answered
     */
    public InvokeResult invoke(String function, String qualifier, byte[] payload, Duration calleeTimeout) {
        Duration wait = calleeTimeout.plus(INVOKE_MARGIN);
        InvokeResponse r;
        try {
            r = retry.call("Invoke", () -> lambda.invoke(b -> b.functionName(function).qualifier(qualifier)
                    .payload(SdkBytes.fromByteArray(payload))
                    .overrideConfiguration(o -> o.apiCallTimeout(wait).apiCallAttemptTimeout(wait)
                            .addPlugin(LambdaOperations::noRetries))));
        } catch (ResourceConflictException | TooManyRequestsException e) {
            throw e;
        } catch (SdkException e) {
            throw new ReleaseException("invoking " + function + ":" + qualifier + " failed and was not repeated, "
                    + "since the function may have run (" + e.getMessage() + ")", e);
        }
        return new InvokeResult(r.executedVersion(), r.functionError(), r.payload() == null ? new byte[0]
                : r.payload().asByteArray());
    }

    /**
     * What an invocation answered.
     *
     * @param executedVersion the version that ran
     * @param functionError   null, or Lambda's error kind (e.g. Unhandled)
     * @param payload         the response
     */
    public record InvokeResult(String executedVersion, String functionError, byte[] payload) {
    }

    /** For one request: the SDK does not retry it, whatever its client's retry strategy. */
    private static void noRetries(SdkServiceClientConfiguration.Builder config) {
        ClientOverrideConfiguration current = config.overrideConfiguration();
        config.overrideConfiguration((current == null ? ClientOverrideConfiguration.builder() : current.toBuilder())
                .retryStrategy(AwsRetryStrategy.doNotRetry()).build());
    }

    /** Points the alias at a version, with optional weighted routing to another; creates the alias if missing. */
    public void pointAlias(String function, String alias, String version, Map<String, Double> routing,
                           String description) {
        AliasRoutingConfiguration routingConfig = AliasRoutingConfiguration.builder()
                .additionalVersionWeights(routing).build();
        if (alias(function, alias).isPresent()) {
            retry.call("UpdateAlias", () -> lambda.updateAlias(b -> b.functionName(function).name(alias)
                    .functionVersion(version).routingConfig(routingConfig).description(description)));
        } else {
            retry.call("CreateAlias", () -> lambda.createAlias(b -> b.functionName(function).name(alias)
                    .functionVersion(version).routingConfig(routingConfig).description(description)));
        }
    }

    private void awaitUpdate(String function, String what) {
        WaiterResponse<GetFunctionResponse> done;
        try {
            done = waiter.waitUntilFunctionUpdatedV2(b -> b.functionName(function));
        } catch (LambdaException | software.amazon.awssdk.core.exception.SdkClientException e) {
            throw new ReleaseException(what + " of " + function + " did not complete: " + e.getMessage(), e);
        }
        var response = done.matched().response();
        if (response.isEmpty() || response.get().configuration().lastUpdateStatus() != LastUpdateStatus.SUCCESSFUL) {
            String reason = response.map(r -> r.configuration().lastUpdateStatusReason()).orElse("unknown");
            throw new ReleaseException(what + " of " + function + " failed: " + reason);
        }
    }
}
