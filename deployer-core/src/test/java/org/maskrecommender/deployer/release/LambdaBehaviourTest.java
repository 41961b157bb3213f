package org.maskrecommender.deployer.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.lambda.model.UpdateAliasRequest;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Ledger;
import org.maskrecommender.core.ledger.LedgerEntry;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.testkit.lambda.DeploymentPackages;
import org.maskrecommender.testkit.lambda.FunctionSettings;
import org.maskrecommender.testkit.lambda.LambdaEmulator;

/**
 * What AWS does that a release must cope with, each taught to the Lambda emulator: SnapStart versions that are
 * Pending when published, packages of the wrong kind for the runtime, the 50 MB limit on direct uploads, release zips
 * the code bucket's lifecycle expired, and invokes that must not run twice.
 */
class LambdaBehaviourTest {

    private static final String FN = DeployFixture.STAGING_FUNCTION;
    private DeployFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private DeployFixture fixture(FunctionSettings settings, byte[] initialCode) {
        f = new DeployFixture(settings, initialCode, UnaryOperator.identity());
        f.publishModel(Environment.STAGING, 200);
        return f;
    }

    private ReleaseResult releaseTag(String tag, byte[] code) {
        return f.releases.release(new ReleaseRequest(Environment.STAGING, ReleaseTag.parse(tag), f.uploadCode(tag, code),
                null, new Trigger(Trigger.Type.TAG, null, "octocat", tag, "0123abc", null), null));
    }

    private ReleaseResult releaseModel(String version) {
        return f.releases.release(new ReleaseRequest(Environment.STAGING, null, null, version,
                new Trigger(Trigger.Type.MANUAL, null, "operator", null, null, null), null));
    }

    private String live() {
        return f.emulator.alias(FN, "live").map(a -> a.functionVersion()).orElse(null);
    }

    private List<LedgerEntry> ledger() {
        return new Ledger(f.store(f.storeOf(Environment.STAGING)), FN, f.mapper).snapshot().entries();
    }

    private long count(String operation) {
        return f.emulator.calls().stream().filter(operation::equals).count();
    }

    // ---------------------------------------------------------------------------------------- SnapStart

    @Test
    void aSnapStartVersionIsAwaitedUntilActiveBeforeTheSmokeTestAndTheAlias() {
        fixture(FunctionSettings.jvm(), DeploymentPackages.jvmZip("initial"));
        f.emulator.setSnapStartPolls(FN, 3);

        ReleaseResult r = releaseTag("staging-recommender-v1.0.0", DeploymentPackages.jvmZip("1.0.0"));

        assertThat(r.succeeded()).as(String.valueOf(r.entry().error())).isTrue();
        assertThat(live()).isEqualTo("1");
        assertThat(f.emulator.callLog()).as("never invoked while Pending")
                .noneMatch(c -> "Invoke".equals(c.operation()) && c.status() == 409);
        List<LambdaEmulator.Call> calls = f.emulator.callLog();
        int firstInvoke = f.emulator.calls().indexOf("Invoke");
        assertThat(calls.subList(0, firstInvoke)).filteredOn(c -> "GetFunctionConfiguration".equals(c.operation())
                && "1".equals(c.qualifier())).as("the version was polled until Active").hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void aVersionThatStaysPendingFailsTheReleaseAndLeavesLive() {
        fixture(FunctionSettings.jvm(), DeploymentPackages.jvmZip("initial"));
        assertThat(releaseTag("staging-recommender-v1.0.0", DeploymentPackages.jvmZip("1.0.0")).succeeded()).isTrue();
        f.emulator.setSnapStartPolls(FN, Integer.MAX_VALUE);
        f.emulator.clearCalls();

        ReleaseResult r = releaseTag("staging-recommender-v1.0.1", DeploymentPackages.jvmZip("1.0.1"));

        assertThat(r.succeeded()).isFalse();
        assertThat(r.entry().error()).contains("version 2 of " + FN + " did not become Active within 2 s")
                .contains("still Pending");
        assertThat(live()).isEqualTo("1");
        assertThat(f.emulator.calls()).doesNotContain("Invoke", "UpdateAlias");
        assertThat(ledger()).last().extracting(LedgerEntry::outcome).isEqualTo(LedgerEntry.Outcome.FAILED);
    }

    @Test
    void aVersionWhoseSnapshotFailsFailsTheReleaseAndSaysWhy() {
        fixture(FunctionSettings.jvm(), DeploymentPackages.jvmZip("initial"));
        assertThat(releaseTag("staging-recommender-v1.0.0", DeploymentPackages.jvmZip("1.0.0")).succeeded()).isTrue();
        f.emulator.failSnapStarts(FN, "FunctionErrorInitTimeout", "Init timed out while taking the snapshot.");

        ReleaseResult r = releaseTag("staging-recommender-v1.0.1", DeploymentPackages.jvmZip("1.0.1"));

        assertThat(r.succeeded()).isFalse();
        assertThat(r.entry().error()).contains("version 2 of " + FN + " did not become Active")
                .contains("Failed").contains("FunctionErrorInitTimeout").contains("Init timed out");
        assertThat(live()).isEqualTo("1");
        assertThat(f.sent.get(f.sent.size() - 1).subject()).contains("failed");
    }

    // ------------------------------------------------------------------------------- the kind of package

    @Test
    void aJvmZipForTheNativeRuntimeIsRefusedBeforeAnythingIsUpdated() {
        fixture(FunctionSettings.nativeImage(), DeployFixture.GOOD_CODE);
        String latestBefore = f.emulator.version(FN, null).codeSha256();
        f.emulator.clearCalls();

        ReleaseResult r = releaseTag("staging-recommender-v1.0.0", DeploymentPackages.jvmZip("1.0.0"));

        assertThat(r.succeeded()).isFalse();
        assertThat(r.entry().error()).contains("is a JVM package").contains("runs provided.al2023")
                .contains("nothing was changed").contains("InferenceRuntime=jvm");
        assertThat(f.emulator.calls()).doesNotContain("UpdateFunctionCode", "UpdateFunctionConfiguration",
                "PublishVersion", "Invoke", "CreateAlias", "UpdateAlias");
        assertThat(f.emulator.version(FN, null).codeSha256()).isEqualTo(latestBefore);
        assertThat(ledger()).extracting(LedgerEntry::outcome).containsExactly(LedgerEntry.Outcome.FAILED);
        assertThat(f.sent).hasSize(1);
    }

    @Test
    void aNativeZipForAJavaRuntimeIsRefusedBeforeAnythingIsUpdated() {
        fixture(FunctionSettings.jvm(), DeploymentPackages.jvmZip("initial"));
        f.emulator.clearCalls();

        ReleaseResult r = releaseTag("staging-recommender-v1.0.0", DeploymentPackages.nativeZip("1.0.0"));

        assertThat(r.succeeded()).isFalse();
        assertThat(r.entry().error()).contains("is a native package").contains("runs java21")
                .contains(FunctionSettings.QUARKUS_HANDLER).contains("InferenceRuntime=native");
        assertThat(f.emulator.calls()).doesNotContain("UpdateFunctionCode", "PublishVersion");
    }

    @Test
    void somethingThatIsNotADeploymentPackageIsRefused() {
        fixture(FunctionSettings.nativeImage(), DeployFixture.GOOD_CODE);

        ReleaseResult r = releaseTag("staging-recommender-v1.0.0", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));

        assertThat(r.succeeded()).isFalse();
        assertThat(r.entry().error()).contains("is not a deployment package").contains("not a zip archive");
        assertThat(f.emulator.calls()).doesNotContain("UpdateFunctionCode");
    }

    // ------------------------------------------------------------------------- putting the live code back

    @Test
    void liveCodeAboveTheDirectUploadLimitIsRestoredThroughTheCodeBucket() {
        byte[] initial = DeploymentPackages.nativeZip("initial", 8192);
        fixture(FunctionSettings.nativeImage(), initial);
        // the stack's initial version behind live: no release record names its code
        f.emulator.createAlias(FN, "live", f.emulator.publishVersion(FN, "stack's initial version"));
        // a failed tag release leaves other code in $LATEST
        assertThat(releaseTag("staging-recommender-v1.0.1", DeployFixture.BROKEN_CODE).succeeded()).isFalse();
        f.emulator.setDirectUploadLimit(4096); // stands in for Lambda's 50 MB

        ReleaseResult r = releaseModel(null);

        assertThat(r.succeeded()).as(String.valueOf(r.entry().error())).isTrue();
        assertThat(f.emulator.version(FN, r.entry().toVersion()).codeSha256())
                .isEqualTo(DeployFixture.LambdaEmulatorSha.of(initial));
        String staged = "restore/" + FN + "/" + org.maskrecommender.core.data.SourceContent.sha256(initial) + ".zip";
        assertThat(f.s3.getObjectAsBytes(b -> b.bucket(f.bucket).key(staged)).asByteArray()).isEqualTo(initial);
        assertThat(f.emulator.callLog()).noneMatch(c -> c.status() == 413);
    }

    @Test
    void liveCodeWhoseReleaseZipExpiredIsRestoredFromTheVersionItself() {
        fixture(FunctionSettings.nativeImage(), DeployFixture.GOOD_CODE);
        byte[] released = DeploymentPackages.nativeZip("1.0.0");
        assertThat(releaseTag("staging-recommender-v1.0.0", released).succeeded()).isTrue();
        assertThat(releaseTag("staging-recommender-v1.0.1", DeployFixture.BROKEN_CODE).succeeded()).isFalse();
        // the code bucket's lifecycle expires code/ after CodeRetentionDays
        f.s3.deleteObject(b -> b.bucket(f.bucket).key("code/staging-recommender-v1.0.0/function.zip"));

        ReleaseResult r = releaseModel(null);

        assertThat(r.succeeded()).as(String.valueOf(r.entry().error())).isTrue();
        assertThat(f.emulator.version(FN, r.entry().toVersion()).codeSha256())
                .isEqualTo(DeployFixture.LambdaEmulatorSha.of(released));
        assertThat(live()).isEqualTo(r.entry().toVersion());
    }

    @Test
    void aTagWhoseZipExpiredFailsSayingSo() {
        fixture(FunctionSettings.nativeImage(), DeployFixture.GOOD_CODE);
        ReleaseResult r = f.releases.release(new ReleaseRequest(Environment.STAGING,
                ReleaseTag.parse("staging-recommender-v1.0.0"),
                new CodeLocation(f.bucket, "code/staging-recommender-v1.0.0/function.zip"), null,
                new Trigger(Trigger.Type.TAG, null, "octocat", "staging-recommender-v1.0.0", null, null), null));

        assertThat(r.succeeded()).isFalse();
        assertThat(r.entry().error()).contains("does not exist").contains("lifecycle expired it");
    }

    // ----------------------------------------------------------------------------------- invokes, once

    @Test
    void aSmokeInvokeWhoseAnswerIsLostIsNotRunAgain() {
        fixture(FunctionSettings.nativeImage(), DeployFixture.GOOD_CODE);
        assertThat(releaseModel(null).succeeded()).isTrue();
        String newer = f.publishModel(Environment.STAGING, 220);
        int before = f.emulator.invocations().size();
        f.emulator.failNextInvokesAfterRunning(FN, 1);

        ReleaseResult r = releaseModel(newer);

        assertThat(f.emulator.invocations().size() - before).as("the smoke test ran the function once").isEqualTo(1);
        assertThat(r.succeeded()).isFalse();
        assertThat(r.entry().error()).contains("was not repeated").contains("Status Code: 500");
        assertThat(live()).isEqualTo("1");
    }

    @Test
    void aSlowSmokeInvokeIsAwaitedPastTheClientsDefaultTimeoutAndRunsOnce() {
        // a client whose own attempt timeout (like the SDK's 30-s socket timeout) is shorter than the callee's Timeout
        f = new DeployFixture(FunctionSettings.nativeImage().withTimeout(2), DeployFixture.GOOD_CODE,
                b -> b.overrideConfiguration(o -> o.apiCallAttemptTimeout(Duration.ofMillis(200))));
        f.publishModel(Environment.STAGING, 200);
        AtomicInteger invokes = new AtomicInteger();
        f.afterInvoke = () -> {
            // the smoke request and the first probe request take longer than the client's default, well within
            // the function's Timeout (every invoke would do, but each costs the test this long)
            if (invokes.incrementAndGet() <= 2) {
                try {
                    Thread.sleep(600);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };

        ReleaseResult r = releaseModel(null);

        assertThat(r.succeeded()).as(String.valueOf(r.entry().error())).isTrue();
        assertThat(f.emulator.invocations()).as("the smoke request, then the probe set's").hasSizeGreaterThan(2)
                .extracting(i -> i.payloadUtf8()).as("none ran twice").doesNotHaveDuplicates()
                .filteredOn(ReleaseService.SMOKE_REQUEST::equals).hasSize(1);
    }

    @Test
    void aRollbackRetriedWhileTheFirstIsStillRunningIsADuplicate() throws Exception {
        // the retry arrives as the first one moves the alias (an invoke that timed out on the client and was re-sent)
        AtomicReference<Runnable> beforeUpdateAlias = new AtomicReference<>();
        f = new DeployFixture(FunctionSettings.nativeImage(), DeployFixture.GOOD_CODE,
                b -> b.overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        Runnable hook = context.request() instanceof UpdateAliasRequest
                                ? beforeUpdateAlias.getAndSet(null) : null;
                        if (hook != null) {
                            hook.run();
                        }
                    }
                })));
        f.publishModel(Environment.STAGING, 200);
        assertThat(releaseModel(null).succeeded()).isTrue();
        assertThat(releaseModel(f.publishModel(Environment.STAGING, 220)).succeeded()).isTrue();
        assertThat(releaseModel(f.publishModel(Environment.STAGING, 230)).succeeded()).isTrue();
        f.emulator.clearCalls();
        byte[] rollback = "{\"action\": \"rollback\", \"environment\": \"staging\", \"event_id\": \"op-8\"}"
                .getBytes(StandardCharsets.UTF_8);
        AtomicReference<JsonNode> retried = new AtomicReference<>();
        beforeUpdateAlias.set(() -> retried.set(f.service.handle(rollback).response()));

        JsonNode first = f.service.handle(rollback).response();

        assertThat(first.path("status").asText()).as(first.toString()).isEqualTo("succeeded");
        assertThat(retried.get().path("status").asText()).as(retried.get().toString()).isEqualTo("duplicate");
        assertThat(live()).as("one step back, not two").isEqualTo("2");
        assertThat(count("UpdateAlias")).isEqualTo(1);
        assertThat(f.status.status(Environment.STAGING, 10).lastEntries())
                .filteredOn(e -> e.action() == LedgerEntry.Action.ROLLBACK).hasSize(1);
    }

    @Test
    void aRetriedRollbackOrStatusInvokeWithTheSameEventIdDoesNothingTwice() throws Exception {
        fixture(FunctionSettings.nativeImage(), DeployFixture.GOOD_CODE);
        assertThat(releaseModel(null).succeeded()).isTrue();
        assertThat(releaseModel(f.publishModel(Environment.STAGING, 220)).succeeded()).isTrue();
        assertThat(releaseModel(f.publishModel(Environment.STAGING, 230)).succeeded()).isTrue();
        assertThat(live()).isEqualTo("3");
        f.emulator.clearCalls();
        byte[] rollback = "{\"action\": \"rollback\", \"environment\": \"staging\", \"event_id\": \"op-7\"}"
                .getBytes(StandardCharsets.UTF_8);

        JsonNode first = f.service.handle(rollback).response();
        JsonNode retried = f.service.handle(rollback).response();

        assertThat(first.path("status").asText()).isEqualTo("succeeded");
        assertThat(retried.path("status").asText()).isEqualTo("duplicate");
        assertThat(retried.path("entry").path("id").asText()).isEqualTo(first.path("entry").path("id").asText());
        assertThat(live()).as("one step back, not two").isEqualTo("2");
        assertThat(count("UpdateAlias")).isEqualTo(1);
        assertThat(f.sent).hasSize(4);

        int entries = ledger().size();
        byte[] status = "{\"action\": \"status\", \"environment\": \"staging\"}".getBytes(StandardCharsets.UTF_8);
        JsonNode s1 = f.service.handle(status).response();
        JsonNode s2 = f.service.handle(status).response();
        assertThat(s2).isEqualTo(s1);
        assertThat(ledger()).hasSize(entries);
        assertThat(count("UpdateAlias")).isEqualTo(1);
    }
}
