package org.maskrecommender.deployer.release;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasRoutingConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.waiters.LambdaWaiter;

/**
 * The Lambda control-plane calls a release makes, each retried on conflicts and throttling, with
 * updates awaited through the SDK's waiter until Lambda reports them done.
 */
public final class LambdaOperations {

    private final LambdaClient lambda;
    private final RetryPolicy retry;
    private final LambdaWaiter waiter;

    /**
     * @param lambda    the Lambda client (endpoint overridable)
     * @param retry     backoff for conflicts and throttling
     * @param pollDelay how often the waiter polls an update's status
     * @param maxWait   how long an update may take before the release gives up
     */
    public LambdaOperations(LambdaClient lambda, RetryPolicy retry, Duration pollDelay, Duration maxWait) {
        this.lambda = lambda;
        this.retry = retry;
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
     */
    public record FunctionState(String version, String codeSha256, String revisionId, String description,
                                Map<String, String> environment) {
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
            Map<String, String> env = r.environment() == null || r.environment().variables() == null
                    ? Map.of() : Map.copyOf(r.environment().variables());
            return Optional.of(new FunctionState(r.version(), r.codeSha256(), r.revisionId(), r.description(), env));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
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

    /** UpdateFunctionCode with the zip itself (Lambda takes up to 50 MB this way), then wait. */
    public void updateCode(String function, byte[] zip) {
        retry.call("UpdateFunctionCode", () -> lambda.updateFunctionCode(b -> b.functionName(function)
                .zipFile(SdkBytes.fromByteArray(zip))));
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
     * Invokes a version or alias synchronously.
     *
     * @return what the function answered
     */
    public InvokeResult invoke(String function, String qualifier, byte[] payload) {
        InvokeResponse r = retry.call("Invoke", () -> lambda.invoke(b -> b.functionName(function).qualifier(qualifier)
                .payload(SdkBytes.fromByteArray(payload))));
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
