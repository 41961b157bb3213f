package org.maskrecommender.testkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maskrecommender.testkit.S3ProxyServer;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasRoutingConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.PublishVersionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionCodeResponse;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

class LambdaEmulatorTest {

    private static final String FN = "mask-recommender-inference-staging";
    private static final String FN_ARN = "arn:aws:lambda:us-east-1:000000000000:function:" + FN;
    /** The SDK waiter's own 1 s / 5 s delays would only slow the test; the polls are what matter. */
    private static final Consumer<WaiterOverrideConfiguration.Builder> FAST_WAITER =
            o -> o.backoffStrategyV2(BackoffStrategy.retryImmediately()).maxAttempts(20);

    private LambdaEmulator emulator;
    private LambdaClient lambda;

    @BeforeEach
    void start() {
        emulator = LambdaEmulator.start();
        lambda = emulator.client();
    }

    @AfterEach
    void stop() {
        lambda.close();
        emulator.close();
        assertThat(emulator.internalErrors()).as("the emulator's own failures").isEmpty();
    }

    @Test
    void updateCodeWaitPublishAndUpdateConfigurationFollowAwsSemantics() {
        byte[] initial = zip("v0");
        FunctionVersionView created = emulator.createFunction(FN, Map.of("MODEL_VERSION", "m1", "KEEP", "x"), initial);
        assertThat(created.codeSha256()).isEqualTo(sha256Base64(initial));

        var before = lambda.getFunctionConfiguration(r -> r.functionName(FN));
        assertThat(before.state()).isEqualTo(State.ACTIVE);
        assertThat(before.lastUpdateStatus()).isEqualTo(LastUpdateStatus.SUCCESSFUL);
        assertThat(before.version()).isEqualTo("$LATEST");
        assertThat(before.functionArn()).isEqualTo(FN_ARN);
        assertThat(before.codeSha256()).isEqualTo(sha256Base64(initial));
        assertThat(before.codeSize()).isEqualTo(initial.length);
        assertThat(before.environment().variables()).containsExactlyInAnyOrderEntriesOf(
                Map.of("MODEL_VERSION", "m1", "KEEP", "x"));
        assertThat(before.lastModified()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");

        byte[] code = zip("v1");
        UpdateFunctionCodeResponse updated = lambda.updateFunctionCode(r -> r.functionName(FN)
                .zipFile(SdkBytes.fromByteArray(code)));
        assertThat(updated.codeSha256()).isEqualTo(sha256Base64(code));
        assertThat(updated.codeSize()).isEqualTo(code.length);
        assertThat(updated.lastUpdateStatus()).isEqualTo(LastUpdateStatus.IN_PROGRESS);
        assertThat(updated.revisionId()).isNotEqualTo(before.revisionId());

        emulator.clearCalls();
        GetFunctionResponse settled = lambda.waiter()
                .waitUntilFunctionUpdatedV2(r -> r.functionName(FN), FAST_WAITER).matched().response().orElseThrow();
        assertThat(settled.configuration().lastUpdateStatus()).isEqualTo(LastUpdateStatus.SUCCESSFUL);
        assertThat(settled.configuration().state()).isEqualTo(State.ACTIVE);
        // the default delay: one poll still InProgress, the next one Successful
        assertThat(emulator.calls()).containsExactly("GetFunction", "GetFunction");
        assertThat(settled.code().location()).startsWith(emulator.endpoint().toString());
        assertThat(download(settled.code().location())).isEqualTo(code);

        PublishVersionResponse v1 = lambda.publishVersion(r -> r.functionName(FN).description("release 1")
                .codeSha256(settled.configuration().codeSha256()).revisionId(settled.configuration().revisionId()));
        assertThat(v1.version()).isEqualTo("1");
        assertThat(v1.functionArn()).isEqualTo(FN_ARN + ":1");
        assertThat(v1.description()).isEqualTo("release 1");
        assertThat(v1.codeSha256()).isEqualTo(sha256Base64(code));
        assertThat(lambda.publishVersion(r -> r.functionName(FN)).version())
                .as("nothing changed since version 1").isEqualTo("1");

        UpdateFunctionConfigurationResponse configured = lambda.updateFunctionConfiguration(r -> r.functionName(FN)
                .environment(e -> e.variables(Map.of("MODEL_VERSION", "m2"))));
        assertThat(configured.environment().variables()).as("the map is replaced, not merged")
                .containsExactlyEntriesOf(Map.of("MODEL_VERSION", "m2"));
        assertThat(configured.lastUpdateStatus()).isEqualTo(LastUpdateStatus.IN_PROGRESS);
        var afterConfig = lambda.waiter()
                .waitUntilFunctionUpdated(r -> r.functionName(FN), FAST_WAITER).matched().response().orElseThrow();
        assertThat(afterConfig.lastUpdateStatus()).isEqualTo(LastUpdateStatus.SUCCESSFUL);

        assertThat(lambda.publishVersion(r -> r.functionName(FN)).version()).isEqualTo("2");
        assertThat(emulator.publishedVersions(FN)).containsExactly("1", "2");

        var pinned = lambda.getFunctionConfiguration(r -> r.functionName(FN).qualifier("1"));
        assertThat(pinned.version()).isEqualTo("1");
        assertThat(pinned.functionArn()).isEqualTo(FN_ARN + ":1");
        assertThat(pinned.environment().variables()).containsEntry("MODEL_VERSION", "m1").containsEntry("KEEP", "x");
        assertThat(emulator.version(FN, "2").environment()).containsExactlyEntriesOf(Map.of("MODEL_VERSION", "m2"));
        assertThat(emulator.codeZipFor(FN, "1")).isEqualTo(code);
        assertThat(emulator.codeZipFor(FN, "2")).isEqualTo(code);
    }

    @Test
    void functionsAreFoundByNameOrArnAndQualifiedArnsCarryTheirQualifier() {
        emulator.createFunction(FN, Map.of(), zip("a"));
        emulator.publishVersion(FN, null);

        assertThat(lambda.getFunction(r -> r.functionName(FN_ARN)).configuration().functionName()).isEqualTo(FN);
        assertThat(lambda.getFunction(r -> r.functionName("000000000000:function:" + FN)).configuration()
                .version()).isEqualTo("$LATEST");
        assertThat(lambda.getFunction(r -> r.functionName(FN_ARN + ":1")).configuration().version()).isEqualTo("1");
        assertThat(lambda.getFunction(r -> r.functionName(FN + ":1")).configuration().functionArn())
                .isEqualTo(FN_ARN + ":1");
        assertThatThrownBy(() -> lambda.getFunction(r -> r.functionName(FN + ":1").qualifier("2")))
                .isInstanceOf(InvalidParameterValueException.class);
    }

    @Test
    void codeFromS3IsFetchedThroughTheCodeFetcher() {
        emulator.createFunction(FN, Map.of(), zip("old"));
        byte[] fromS3 = zip("from-s3");
        List<String> fetched = new ArrayList<>();
        emulator.setCodeFetcher((bucket, key, objectVersion) -> {
            fetched.add(bucket + "/" + key + "@" + objectVersion);
            return "artifacts".equals(bucket) && "inference/1.2.3.zip".equals(key) ? fromS3 : null;
        });

        UpdateFunctionCodeResponse updated = lambda.updateFunctionCode(r -> r.functionName(FN)
                .s3Bucket("artifacts").s3Key("inference/1.2.3.zip").s3ObjectVersion("v7"));
        assertThat(updated.codeSha256()).isEqualTo(sha256Base64(fromS3));
        assertThat(fetched).containsExactly("artifacts/inference/1.2.3.zip@v7");
        assertThat(emulator.codeZipFor(FN, "$LATEST")).isEqualTo(fromS3);

        awaitUpdate();
        String revision = emulator.version(FN, null).revisionId();
        assertThatThrownBy(() -> lambda.updateFunctionCode(r -> r.functionName(FN)
                .s3Bucket("artifacts").s3Key("inference/9.9.9.zip")))
                .isInstanceOfSatisfying(InvalidParameterValueException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .startsWith("Error occurred while GetObject. S3 Error Code: NoSuchKey.");
                });
        assertThat(emulator.version(FN, null).revisionId()).as("a failed update changes nothing").isEqualTo(revision);
        assertThat(lambda.getFunctionConfiguration(r -> r.functionName(FN)).lastUpdateStatus())
                .as("and starts no update").isEqualTo(LastUpdateStatus.SUCCESSFUL);

        emulator.setCodeFetcher((bucket, key, objectVersion) -> {
            throw new CodeFetcher.FetchException("NoSuchBucket", "The specified bucket does not exist");
        });
        assertThatThrownBy(() -> lambda.updateFunctionCode(r -> r.functionName(FN).s3Bucket("gone").s3Key("k")))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining(
                        "S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist");
    }

    @Test
    void s3CodeFetcherReadsFromARealS3Api() {
        byte[] artifact = zip("s3proxy");
        S3ProxyServer s3proxy = S3ProxyServer.shared();
        String bucket = "artifacts-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        try (S3Client s3 = s3proxy.client()) {
            s3proxy.createBucket(bucket);
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key("inference.zip").build(),
                    RequestBody.fromBytes(artifact));
            emulator.createFunction(FN, Map.of(), zip("old"));
            emulator.setCodeFetcher(S3CodeFetcher.of(s3));

            UpdateFunctionCodeResponse updated = lambda.updateFunctionCode(r -> r.functionName(FN)
                    .s3Bucket(bucket).s3Key("inference.zip"));
            assertThat(updated.codeSha256()).isEqualTo(sha256Base64(artifact));
            awaitUpdate();

            assertThatThrownBy(() -> lambda.updateFunctionCode(r -> r.functionName(FN)
                    .s3Bucket(bucket).s3Key("missing.zip")))
                    .isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageContaining("Error occurred while GetObject. S3 Error Code: NoSuchKey.");
        }
    }

    @Test
    void publishPreconditionsAreChecked() {
        emulator.createFunction(FN, Map.of(), zip("a"));
        String sha = sha256Base64(zip("a"));
        String revision = lambda.getFunction(r -> r.functionName(FN)).configuration().revisionId();
        String otherSha = sha256Base64(zip("b"));

        // the live service answers a CodeSha256 mismatch with 400 InvalidParameterValueException, not 412
        assertThatThrownBy(() -> lambda.publishVersion(r -> r.functionName(FN).codeSha256(otherSha)))
                .isInstanceOfSatisfying(InvalidParameterValueException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).contains("is different from current CodeSHA256");
                });
        assertThatThrownBy(() -> lambda.publishVersion(r -> r.functionName(FN).revisionId("stale")))
                .isInstanceOfSatisfying(PreconditionFailedException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(emulator.publishedVersions(FN)).isEmpty();

        assertThat(lambda.publishVersion(r -> r.functionName(FN).codeSha256(sha).revisionId(revision)).version())
                .isEqualTo("1");
    }

    @Test
    void updatesCheckTheRevisionId() {
        emulator.createFunction(FN, Map.of("MODEL_VERSION", "m1"), zip("a"));
        assertThatThrownBy(() -> lambda.updateFunctionCode(r -> r.functionName(FN).revisionId("stale")
                .zipFile(SdkBytes.fromByteArray(zip("b")))))
                .isInstanceOf(PreconditionFailedException.class);
        assertThatThrownBy(() -> lambda.updateFunctionConfiguration(r -> r.functionName(FN).revisionId("stale")
                .environment(e -> e.variables(Map.of("MODEL_VERSION", "m2")))))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(emulator.version(FN, null).modelVersion()).isEqualTo("m1");
        assertThat(emulator.version(FN, null).codeSha256()).isEqualTo(sha256Base64(zip("a")));

        String revision = emulator.version(FN, null).revisionId();
        assertThat(lambda.updateFunctionConfiguration(r -> r.functionName(FN).revisionId(revision)
                .environment(e -> e.variables(Map.of("MODEL_VERSION", "m2")))).environment().variables())
                .containsEntry("MODEL_VERSION", "m2");
    }

    @Test
    void conflictsFromInjectedFailuresAndFromAnUpdateInProgress() {
        emulator.createFunction(FN, Map.of(), zip("a"));
        emulator.failNextUpdates(FN, 2);

        // default retries: a 409 is not retried by the SDK, so it surfaces
        assertThatThrownBy(() -> lambda.updateFunctionCode(r -> r.functionName(FN)
                .zipFile(SdkBytes.fromByteArray(zip("b")))))
                .isInstanceOfSatisfying(ResourceConflictException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The operation cannot be performed at "
                            + "this time. An update is in progress for resource: " + FN_ARN);
                });
        assertThatThrownBy(() -> lambda.updateFunctionConfiguration(r -> r.functionName(FN)
                .environment(e -> e.variables(Map.of("MODEL_VERSION", "m2")))))
                .isInstanceOf(ResourceConflictException.class);
        assertThat(emulator.version(FN, null).codeSha256()).isEqualTo(sha256Base64(zip("a")));
        assertThat(emulator.version(FN, null).environment()).isEmpty();

        assertThat(lambda.updateFunctionCode(r -> r.functionName(FN).zipFile(SdkBytes.fromByteArray(zip("b"))))
                .lastUpdateStatus()).isEqualTo(LastUpdateStatus.IN_PROGRESS);
        assertThatThrownBy(() -> lambda.publishVersion(r -> r.functionName(FN)))
                .as("PublishVersion while the update is in progress")
                .isInstanceOf(ResourceConflictException.class);
        assertThatThrownBy(() -> lambda.updateFunctionConfiguration(r -> r.functionName(FN)
                .environment(e -> e.variables(Map.of("MODEL_VERSION", "m2")))))
                .as("a second update while the first is in progress")
                .isInstanceOf(ResourceConflictException.class);
        assertThat(emulator.publishedVersions(FN)).isEmpty();

        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(FN), FAST_WAITER);
        assertThat(lambda.publishVersion(r -> r.functionName(FN)).version()).isEqualTo("1");
    }

    @Test
    void throttlingSurfacesWithoutRetriesAndIsRetriedByDefault() {
        emulator.createFunction(FN, Map.of(), zip("a"));
        try (LambdaClient noRetries = LambdaEmulatorClients.builder(emulator)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            emulator.throttleNext(FN, 1);
            assertThatThrownBy(() -> noRetries.getFunction(r -> r.functionName(FN)))
                    .isInstanceOfSatisfying(TooManyRequestsException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(429));
            assertThat(noRetries.getFunction(r -> r.functionName(FN)).configuration().functionName()).isEqualTo(FN);
        }

        emulator.clearCalls();
        emulator.throttleNext(FN, 2);
        assertThat(lambda.publishVersion(r -> r.functionName(FN)).version()).isEqualTo("1");
        assertThat(emulator.callLog()).extracting(LambdaEmulator.Call::status).containsExactly(429, 429, 201);
        assertThat(emulator.callLog()).extracting(LambdaEmulator.Call::errorType)
                .containsExactly("TooManyRequestsException", "TooManyRequestsException", null);
    }

    @Test
    void aliasesAreCreatedUpdatedWithRoutingAndGuarded() {
        emulator.createFunction(FN, Map.of("MODEL_VERSION", "m1"), zip("a"));
        emulator.publishVersion(FN, null);
        changeEnvironment(Map.of("MODEL_VERSION", "m2"));
        emulator.publishVersion(FN, null);

        var created = lambda.createAlias(r -> r.functionName(FN).name("live").functionVersion("1")
                .description("production traffic"));
        assertThat(created.aliasArn()).isEqualTo(FN_ARN + ":live");
        assertThat(created.functionVersion()).isEqualTo("1");
        assertThat(created.routingConfig()).isNull();
        assertThatThrownBy(() -> lambda.createAlias(r -> r.functionName(FN).name("live").functionVersion("2")))
                .isInstanceOfSatisfying(ResourceConflictException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(409));

        var canary = lambda.updateAlias(r -> r.functionName(FN).name("live").functionVersion("1")
                .routingConfig(AliasRoutingConfiguration.builder().additionalVersionWeights(Map.of("2", 0.1)).build())
                .revisionId(created.revisionId()));
        assertThat(canary.routingConfig().additionalVersionWeights()).containsExactlyEntriesOf(Map.of("2", 0.1));
        assertThat(canary.revisionId()).isNotEqualTo(created.revisionId());
        var fetched = lambda.getAlias(r -> r.functionName(FN).name("live"));
        assertThat(fetched.routingConfig().additionalVersionWeights()).containsEntry("2", 0.1);
        assertThat(fetched.description()).isEqualTo("production traffic");
        assertThat(emulator.alias(FN, "live")).get().extracting(AliasView::additionalVersionWeights)
                .isEqualTo(Map.of("2", 0.1));

        assertThatThrownBy(() -> lambda.updateAlias(r -> r.functionName(FN).name("live").functionVersion("2")
                .revisionId(created.revisionId())))
                .as("stale alias RevisionId").isInstanceOf(PreconditionFailedException.class);
        assertThatThrownBy(() -> lambda.updateAlias(r -> r.functionName(FN).name("live").functionVersion("2")))
                .as("routing to the primary version itself").isInstanceOf(InvalidParameterValueException.class);

        var promoted = lambda.updateAlias(r -> r.functionName(FN).name("live").functionVersion("2")
                .routingConfig(AliasRoutingConfiguration.builder().additionalVersionWeights(Map.of()).build()));
        assertThat(promoted.functionVersion()).isEqualTo("2");
        assertThat(promoted.routingConfig()).isNull();
        assertThat(emulator.alias(FN, "live")).get().extracting(AliasView::functionVersion).isEqualTo("2");
        assertThat(lambda.getFunctionConfiguration(r -> r.functionName(FN).qualifier("live")).version())
                .isEqualTo("2");
    }

    @Test
    void anAliasCannotPointAtAMissingVersion() {
        emulator.createFunction(FN, Map.of(), zip("a"));
        emulator.publishVersion(FN, null);
        lambda.createAlias(r -> r.functionName(FN).name("live").functionVersion("1"));

        assertThatThrownBy(() -> lambda.createAlias(r -> r.functionName(FN).name("next").functionVersion("7")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Function not found: " + FN_ARN + ":7");
                });
        assertThatThrownBy(() -> lambda.updateAlias(r -> r.functionName(FN).name("live").functionVersion("7")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> lambda.updateAlias(r -> r.functionName(FN).name("live").routingConfig(
                AliasRoutingConfiguration.builder().additionalVersionWeights(Map.of("7", 0.5)).build())))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> lambda.getAlias(r -> r.functionName(FN).name("next")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(emulator.alias(FN, "live")).get().extracting(AliasView::functionVersion).isEqualTo("1");
        assertThat(emulator.alias(FN, "next")).isEmpty();
    }

    @Test
    void invokeAnswersWithTheInvokerForTheResolvedVersion() {
        emulator.createFunction(FN, Map.of("MODEL_VERSION", "m1"), zip("a"));
        emulator.publishVersion(FN, null);
        changeEnvironment(Map.of("MODEL_VERSION", "m2"));
        emulator.publishVersion(FN, null);
        emulator.createAlias(FN, "live", "1");
        emulator.setInvoker(FN, (version, payload) -> ("{\"model\":\"" + version.modelVersion() + "\",\"echo\":"
                + new String(payload, StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8));

        InvokeResponse pinned = lambda.invoke(r -> r.functionName(FN).qualifier("2")
                .payload(SdkBytes.fromUtf8String("{\"method\":\"warmup\"}")));
        assertThat(pinned.statusCode()).isEqualTo(200);
        assertThat(pinned.functionError()).isNull();
        assertThat(pinned.executedVersion()).isEqualTo("2");
        assertThat(pinned.payload().asUtf8String()).isEqualTo("{\"model\":\"m2\",\"echo\":{\"method\":\"warmup\"}}");

        InvokeResponse viaAlias = lambda.invoke(r -> r.functionName(FN).qualifier("live")
                .payload(SdkBytes.fromUtf8String("{}")));
        assertThat(viaAlias.executedVersion()).isEqualTo("1");
        assertThat(viaAlias.payload().asUtf8String()).contains("\"model\":\"m1\"");

        assertThat(lambda.invoke(r -> r.functionName(FN).payload(SdkBytes.fromUtf8String("{}"))).executedVersion())
                .isEqualTo("$LATEST");
        assertThat(emulator.invocations()).extracting(RecordedInvoke::qualifier, RecordedInvoke::executedVersion)
                .containsExactly(tuple("2", "2"),
                        tuple("live", "1"),
                        tuple(null, "$LATEST"));
        assertThatThrownBy(() -> lambda.invoke(r -> r.functionName(FN).qualifier("9")
                .payload(SdkBytes.fromUtf8String("{}"))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void weightedAliasRoutingSplitsTrafficRepeatably() {
        emulator.createFunction(FN, Map.of("MODEL_VERSION", "m1"), zip("a"));
        emulator.publishVersion(FN, null);
        changeEnvironment(Map.of("MODEL_VERSION", "m2"));
        emulator.publishVersion(FN, null);
        emulator.setInvoker(FN, (version, payload) -> "{}".getBytes(StandardCharsets.UTF_8));
        lambda.createAlias(r -> r.functionName(FN).name("live").functionVersion("1").routingConfig(
                AliasRoutingConfiguration.builder().additionalVersionWeights(Map.of("2", 0.3)).build()));

        List<String> first = invokeAlias(100, 42L);
        List<String> second = invokeAlias(100, 42L);
        assertThat(first).as("same seed, same choices").isEqualTo(second);
        long canary = first.stream().filter("2"::equals).count();
        assertThat(canary).as("about 30 percent of 100 to the canary").isBetween(15L, 45L);
        assertThat(first).containsOnly("1", "2");
    }

    private List<String> invokeAlias(int times, long seed) {
        emulator.setRoutingSeed(seed);
        List<String> executed = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            executed.add(lambda.invoke(r -> r.functionName(FN).qualifier("live")
                    .payload(SdkBytes.fromUtf8String("{}"))).executedVersion());
        }
        return executed;
    }

    @Test
    void anInvokerExceptionIsAnUnhandledFunctionError() {
        emulator.createFunction(FN, Map.of(), zip("a"));
        emulator.setInvoker(FN, (version, payload) -> {
            throw new IllegalStateException("model file missing");
        });

        InvokeResponse response = lambda.invoke(r -> r.functionName(FN).payload(SdkBytes.fromUtf8String("{}")));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isEqualTo("Unhandled");
        assertThat(response.payload().asUtf8String())
                .contains("\"errorMessage\":\"model file missing\"")
                .contains("\"errorType\":\"java.lang.IllegalStateException\"");
        assertThat(emulator.invocations()).singleElement()
                .extracting(RecordedInvoke::functionError).isEqualTo("Unhandled");
    }

    @Test
    void invokeRejectsAPayloadThatIsNotJson() {
        emulator.createFunction(FN, Map.of(), zip("a"));
        emulator.setInvoker(FN, (version, payload) -> payload);
        assertThatThrownBy(() -> lambda.invoke(r -> r.functionName(FN).payload(SdkBytes.fromUtf8String("{oops"))))
                .isInstanceOfSatisfying(LambdaException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequestContentException");
                });
        assertThat(emulator.invocations()).isEmpty();
    }

    @Test
    void unknownFunctionsAndQualifiersAreNotFound() {
        emulator.createFunction(FN, Map.of(), zip("a"));
        assertThatThrownBy(() -> lambda.getFunction(r -> r.functionName("nope")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope");
                });
        assertThatThrownBy(() -> lambda.invoke(r -> r.functionName("nope").payload(SdkBytes.fromUtf8String("{}"))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> lambda.updateFunctionCode(r -> r.functionName("nope")
                .zipFile(SdkBytes.fromByteArray(zip("x")))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> lambda.publishVersion(r -> r.functionName("nope")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> lambda.getFunctionConfiguration(r -> r.functionName(FN).qualifier("3")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(emulator.calls()).containsExactly("GetFunction", "Invoke", "UpdateFunctionCode", "PublishVersion",
                "GetFunctionConfiguration");
    }

    @Test
    void operationsTheDeployerNeverCallsAreUnknown() {
        emulator.createFunction(FN, Map.of(), zip("a"));
        emulator.publishVersion(FN, null);
        emulator.createAlias(FN, "live", "1");

        List<Runnable> unused = List.of(
                () -> lambda.listFunctions(),
                () -> lambda.listVersionsByFunction(r -> r.functionName(FN)),
                () -> lambda.listAliases(r -> r.functionName(FN)),
                () -> lambda.deleteAlias(r -> r.functionName(FN).name("live")));
        for (Runnable call : unused) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(LambdaException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(404);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
            });
        }
        assertThat(emulator.calls()).containsOnly("Unknown").hasSize(4);
        assertThat(emulator.alias(FN, "live")).as("DeleteAlias changed nothing").isPresent();
    }

    @Test
    void requestsWithoutAnAuthorizationHeaderAreRefused() throws Exception {
        emulator.createFunction(FN, Map.of(), zip("a"));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                emulator.endpoint().resolve("/2015-03-31/functions/" + FN)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");

        HttpResponse<String> signed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                emulator.endpoint().resolve("/2015-03-31/functions/" + FN)).header("Authorization", "AWS4 anything")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signed.statusCode()).isEqualTo(200);
    }

    @Test
    void requestMembersTheDeployerNeverSendsAreRefusedNotIgnored() {
        FunctionVersionView created = emulator.createFunction(FN, Map.of(), zip("a"));
        emulator.setInvoker(FN, (version, payload) -> payload);

        List<Runnable> unused = List.of(
                () -> lambda.updateFunctionCode(r -> r.functionName(FN).publish(true)
                        .zipFile(SdkBytes.fromByteArray(zip("b")))),
                () -> lambda.updateFunctionCode(r -> r.functionName(FN).dryRun(true)
                        .zipFile(SdkBytes.fromByteArray(zip("b")))),
                () -> lambda.updateFunctionConfiguration(r -> r.functionName(FN).memorySize(1024)),
                () -> lambda.updateFunctionConfiguration(r -> r.functionName(FN).description("d")),
                () -> lambda.invoke(r -> r.functionName(FN).invocationType(InvocationType.EVENT)
                        .payload(SdkBytes.fromUtf8String("{}"))),
                () -> lambda.invoke(r -> r.functionName(FN).logType(LogType.TAIL)
                        .payload(SdkBytes.fromUtf8String("{}"))));
        for (Runnable call : unused) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(InvalidParameterValueException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorMessage()).startsWith("LambdaEmulator does not emulate ");
            });
        }
        assertThat(emulator.version(FN, null)).as("nothing changed").isEqualTo(created);
        assertThat(emulator.publishedVersions(FN)).isEmpty();
        assertThat(emulator.invocations()).isEmpty();
    }

    @Test
    void anExceptionOfTheEmulatorItselfAnswers500AndIsKeptForTheTest() throws Exception {
        EmulatorState state = new EmulatorState();
        LambdaHttpServer.Backend broken = new LambdaHttpServer.Backend() {
            @Override
            public ApiResponse call(Route route, ApiRequest request) {
                throw new IllegalStateException("a bug");
            }

            @Override
            public ApiResponse codePackage(String location) {
                throw new IllegalStateException("a bug");
            }
        };
        HttpResponse<String> response;
        try (LambdaHttpServer server = LambdaHttpServer.start(state, endpoint -> broken)) {
            response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.endpoint()
                    .resolve("/2015-03-31/functions/" + FN)).header("Authorization", "AWS4 anything").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("ServiceException");
        JsonNode body = AwsShapes.JSON.readTree(response.body());
        assertThat(body.path("Type").asText()).isEqualTo("Service");
        assertThat(body.path("message").asText())
                .startsWith("LambdaEmulator failed: java.lang.IllegalStateException: a bug (at ");
        assertThat(state.internalErrors).singleElement().extracting(Throwable::getMessage).isEqualTo("a bug");
        assertThat(state.calls).extracting(LambdaEmulator.Call::operation, LambdaEmulator.Call::status)
                .containsExactly(tuple("GetFunction", 500));
    }

    @Test
    void closeFreesThePort() throws Exception {
        URI endpoint;
        try (LambdaEmulator other = LambdaEmulator.start()) {
            endpoint = other.endpoint();
            assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
            assertThat(other.awsEnvironment()).containsEntry("AWS_ENDPOINT_URL_LAMBDA", endpoint.toString());
        }
        HttpClient http = HttpClient.newHttpClient();
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(endpoint.resolve("/2015-03-31/functions/"))
                .header("Authorization", "x").GET().build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    /** UpdateFunctionConfiguration through the SDK, then the waiter, as the deployer changes an environment. */
    private void changeEnvironment(Map<String, String> environment) {
        lambda.updateFunctionConfiguration(r -> r.functionName(FN).environment(e -> e.variables(environment)));
        awaitUpdate();
    }

    private void awaitUpdate() {
        assertThat(lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(FN), FAST_WAITER).matched()
                .response().orElseThrow().configuration().lastUpdateStatus()).isEqualTo(LastUpdateStatus.SUCCESSFUL);
    }

    @Test
    void aSnapStartVersionIsPendingUntilPolledEnoughAndRefusesInvokesMeanwhile() {
        emulator.createFunction(FN, Map.of(), DeploymentPackages.jvmZip("a"), FunctionSettings.jvm());
        emulator.setSnapStartPolls(FN, 2);
        emulator.setInvoker(FN, (version, payload) -> "{}".getBytes(StandardCharsets.UTF_8));

        PublishVersionResponse published = lambda.publishVersion(r -> r.functionName(FN));
        assertThat(published.state()).isEqualTo(State.PENDING);
        assertThat(published.stateReasonCodeAsString()).isEqualTo("Creating");
        assertThat(published.snapStart().applyOnAsString()).isEqualTo("PublishedVersions");
        assertThat(lambda.getFunctionConfiguration(r -> r.functionName(FN).qualifier("$LATEST")).state())
                .as("$LATEST is not snapshotted").isEqualTo(State.ACTIVE);
        // SDK retries and Invoke retries do not make it ready: only polls of the version (time, on AWS) do
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> lambda.invoke(r -> r.functionName(FN).qualifier("1")))
                    .isInstanceOfSatisfying(ResourceConflictException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(409);
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The operation cannot be performed "
                                + "at this time. The function is currently in the following state: Pending");
                    });
        }
        assertThat(emulator.invocations()).isEmpty();
        assertThat(lambda.getFunctionConfiguration(r -> r.functionName(FN).qualifier("1")).state()).isEqualTo(State.PENDING);
        assertThat(lambda.getFunctionConfiguration(r -> r.functionName(FN).qualifier("1")).state()).isEqualTo(State.PENDING);

        var active = lambda.waiter().waitUntilPublishedVersionActive(r -> r.functionName(FN).qualifier("1"), FAST_WAITER);
        assertThat(active.matched().response().orElseThrow().state()).isEqualTo(State.ACTIVE);
        assertThat(lambda.invoke(r -> r.functionName(FN).qualifier("1")).executedVersion()).isEqualTo("1");
    }

    @Test
    void aSnapStartVersionBecomesActiveOrFailedOnTheTestsCommand() {
        emulator.createFunction(FN, Map.of(), DeploymentPackages.jvmZip("a"), FunctionSettings.jvm());
        emulator.setSnapStartPolls(FN, Integer.MAX_VALUE);
        emulator.publishVersion(FN, "one");
        lambda.updateFunctionCode(r -> r.functionName(FN).zipFile(SdkBytes.fromByteArray(DeploymentPackages.jvmZip("b"))));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(FN), FAST_WAITER);
        assertThat(lambda.publishVersion(r -> r.functionName(FN)).version()).isEqualTo("2");
        for (int i = 0; i < 5; i++) {
            assertThat(lambda.getFunctionConfiguration(r -> r.functionName(FN).qualifier("1")).state())
                    .isEqualTo(State.PENDING);
        }

        emulator.activateVersion(FN, "1");
        assertThat(lambda.getFunctionConfiguration(r -> r.functionName(FN).qualifier("1")).state()).isEqualTo(State.ACTIVE);
        emulator.failVersion(FN, "2", "FunctionErrorInitTimeout", "Init timed out while taking the snapshot.");
        var failed = lambda.getFunctionConfiguration(r -> r.functionName(FN).qualifier("2"));
        assertThat(failed.state()).isEqualTo(State.FAILED);
        assertThat(failed.stateReasonCodeAsString()).isEqualTo("FunctionErrorInitTimeout");
        assertThat(failed.stateReason()).contains("Init timed out");
        assertThatThrownBy(() -> lambda.waiter().waitUntilPublishedVersionActive(r -> r.functionName(FN).qualifier("2"),
                FAST_WAITER)).hasMessageContaining("State=Failed");
        assertThatThrownBy(() -> lambda.invoke(r -> r.functionName(FN).qualifier("2")))
                .isInstanceOf(ResourceConflictException.class).hasMessageContaining("state: Failed");
    }

    @Test
    void aSnapStartThatFailsEndsFailedAfterItsPolls() {
        emulator.createFunction(FN, Map.of(), DeploymentPackages.jvmZip("a"), FunctionSettings.jvm());
        emulator.setSnapStartPolls(FN, 1);
        emulator.failSnapStarts(FN, "FunctionErrorInitTimeout", "Init timed out.");
        lambda.publishVersion(r -> r.functionName(FN));

        assertThat(lambda.getFunctionConfiguration(r -> r.functionName(FN).qualifier("1")).state()).isEqualTo(State.PENDING);
        var failed = lambda.getFunctionConfiguration(r -> r.functionName(FN).qualifier("1"));
        assertThat(failed.state()).isEqualTo(State.FAILED);
        assertThat(failed.stateReasonCodeAsString()).isEqualTo("FunctionErrorInitTimeout");
        assertThat(emulator.versionState(FN, "1")).isEqualTo("Failed");
    }

    @Test
    void withoutSnapStartAPublishedVersionIsActiveAtOnce() {
        emulator.createFunction(FN, Map.of(), DeploymentPackages.nativeZip("a"), FunctionSettings.nativeImage());
        PublishVersionResponse published = lambda.publishVersion(r -> r.functionName(FN));
        assertThat(published.state()).isEqualTo(State.ACTIVE);
        assertThat(published.snapStart().applyOnAsString()).isEqualTo("None");
        assertThat(published.runtimeAsString()).isEqualTo("provided.al2023");
        assertThat(published.timeout()).isEqualTo(30);
    }

    @Test
    void aPackageOfTheWrongKindIsAcceptedButCannotStart() {
        emulator.createFunction(FN, Map.of(), DeploymentPackages.nativeZip("a"), FunctionSettings.nativeImage());
        emulator.setInvoker(FN, (version, payload) -> "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(lambda.invoke(r -> r.functionName(FN)).functionError()).isNull();

        lambda.updateFunctionCode(r -> r.functionName(FN).zipFile(SdkBytes.fromByteArray(DeploymentPackages.jvmZip("b"))));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(FN), FAST_WAITER);
        InvokeResponse r = lambda.invoke(b -> b.functionName(FN));

        assertThat(r.functionError()).isEqualTo("Unhandled");
        assertThat(r.payload().asUtf8String()).contains("Runtime.InvalidEntrypoint").contains("bootstrap");
    }

    @Test
    void aNativePackageCannotStartOnAJavaRuntime() {
        emulator.createFunction(FN, Map.of(), DeploymentPackages.nativeZip("a"), FunctionSettings.jvm().withSnapStart(false));
        emulator.setInvoker(FN, (version, payload) -> "{}".getBytes(StandardCharsets.UTF_8));
        InvokeResponse r = lambda.invoke(b -> b.functionName(FN));
        assertThat(r.functionError()).isEqualTo("Unhandled");
        assertThat(r.payload().asUtf8String()).contains("ClassNotFoundException").contains("QuarkusStreamHandler");
    }

    @Test
    void updateFunctionCodeRefusesWhatIsNotAZipAndAZipFileAboveTheDirectUploadLimit() {
        emulator.createFunction(FN, Map.of(), DeploymentPackages.nativeZip("a"), FunctionSettings.nativeImage());
        assertThatThrownBy(() -> lambda.updateFunctionCode(r -> r.functionName(FN)
                .zipFile(SdkBytes.fromUtf8String("not a zip"))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("Could not unzip");

        byte[] big = DeploymentPackages.nativeZip("big", 4096);
        emulator.setDirectUploadLimit(2048);
        assertThatThrownBy(() -> lambda.updateFunctionCode(r -> r.functionName(FN).zipFile(SdkBytes.fromByteArray(big))))
                .isInstanceOfSatisfying(LambdaException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(413);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestEntityTooLargeException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Request must be smaller than 2731 bytes for the UpdateFunctionCode operation");
                });
        assertThat(emulator.version(FN, null).codeSha256()).isEqualTo(sha256Base64(DeploymentPackages.nativeZip("a")));

        emulator.setDirectUploadLimit(LambdaEmulator.DIRECT_UPLOAD_LIMIT);
        lambda.updateFunctionCode(r -> r.functionName(FN).zipFile(SdkBytes.fromByteArray(big)));
        assertThat(emulator.version(FN, null).codeSha256()).isEqualTo(sha256Base64(big));
    }

    @Test
    void anInvokeWhoseAnswerIsLostRanAndTheSdkRunsItAgain() {
        emulator.createFunction(FN, Map.of(), zip("a"));
        emulator.setInvoker(FN, (version, payload) -> "{}".getBytes(StandardCharsets.UTF_8));
        emulator.failNextInvokesAfterRunning(FN, 1);

        InvokeResponse r = lambda.invoke(b -> b.functionName(FN));

        assertThat(r.statusCode()).as("the SDK's default retries hid the error").isEqualTo(200);
        assertThat(emulator.invocations()).as("and ran the function twice").hasSize(2);
        assertThat(emulator.callLog()).extracting(LambdaEmulator.Call::status).containsExactly(500, 200);
    }

    private static byte[] zip(String content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry entry = new ZipEntry("handler.txt");
            entry.setTime(0L);
            zip.putNextEntry(entry);
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String sha256Base64(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] download(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
