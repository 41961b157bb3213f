package org.maskrecommender.deployer.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.lambda.model.UpdateAliasRequest;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Ledger;
import org.maskrecommender.core.ledger.LedgerEntry;
import org.maskrecommender.core.ledger.LedgerSnapshot;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.inference.InferenceRequest;
import org.maskrecommender.testkit.lambda.FunctionSettings;
import org.maskrecommender.testkit.lambda.FunctionVersionView;

/**
 * Releases through the real AWS SDK against the Lambda emulator, with models, ledger and code in
 * S3Proxy, and smoke tests answered by the real inference service.
 */
class ReleaseServiceTest {

    private DeployFixture f;
    private String model;

    @BeforeEach
    void start() {
        f = new DeployFixture();
        model = f.publishModel(Environment.STAGING, 200);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static Trigger tagTrigger(String tag, String eventId) {
        return new Trigger(Trigger.Type.TAG, eventId, "octocat", tag, "0123abc", "https://github.example/run/1");
    }

    private ReleaseResult releaseTag(String tag, byte[] code) {
        return f.releases.release(new ReleaseRequest(Environment.STAGING, ReleaseTag.parse(tag), f.uploadCode(tag, code), null,
                tagTrigger(tag, null), null));
    }

    private ReleaseResult releaseModel(Environment environment, String version, String eventId, Double canary) {
        return f.releases.release(new ReleaseRequest(environment, null, null, version,
                new Trigger(Trigger.Type.MANUAL, eventId, "eventbridge", null, null, null), canary));
    }

    private String live(String function) {
        return f.emulator.alias(function, "live").orElseThrow().functionVersion();
    }

    @Test
    void aStagingTagReleaseUpdatesPublishesSmokeTestsAndMovesTheAlias() throws Exception {
        ReleaseResult r = releaseTag("staging-recommender-v1.0.0", DeployFixture.GOOD_CODE);

        assertThat(r.succeeded()).as(String.valueOf(r.entry().error())).isTrue();
        assertThat(r.entry().toVersion()).isEqualTo("1");
        assertThat(live(DeployFixture.STAGING_FUNCTION)).isEqualTo("1");
        FunctionVersionView v1 = f.emulator.version(DeployFixture.STAGING_FUNCTION, "1");
        String manifestSha256 = f.models(Environment.STAGING).latest().orElseThrow().manifestSha256();
        assertThat(v1.environment()).containsEntry("MODEL_VERSION", model)
                .containsEntry("MODEL_MANIFEST_SHA256", manifestSha256)
                .containsEntry("RELEASE_RECORD", "releases/staging-recommender-v1.0.0.json")
                .containsEntry("LOG_LEVEL", "INFO"); // merged, not replaced
        assertThat(v1.description()).contains("staging-recommender-v1.0.0").contains(model);
        assertThat(v1.codeSha256()).isEqualTo(DeployFixture.LambdaEmulatorSha.of(DeployFixture.GOOD_CODE));

        List<String> calls = f.emulator.calls();
        assertThat(calls).containsSubsequence("UpdateFunctionCode", "UpdateFunctionConfiguration", "PublishVersion",
                "Invoke");
        assertThat(calls.indexOf("Invoke")).isLessThan(Math.max(calls.lastIndexOf("UpdateAlias"), calls.lastIndexOf("CreateAlias")));
        assertThat(f.emulator.invocations().get(0).qualifier()).isEqualTo("1");

        JsonNode record = f.mapper.readTree(f.store(f.storeOf(Environment.STAGING)).get("releases/staging-recommender-v1.0.0.json")
                .orElseThrow());
        assertThat(record.path("tag").asText()).isEqualTo("staging-recommender-v1.0.0");
        assertThat(record.path("lambda_version").asText()).isEqualTo("1");
        assertThat(record.path("git_sha").asText()).isEqualTo("0123abc");
        assertThat(record.path("code").path("sha256").asText()).hasSize(64);
        assertThat(record.path("model").path("version").asText()).isEqualTo(model);
        assertThat(record.path("model").path("files").has("model.onnx")).isTrue();
        assertThat(record.path("model").path("manifest_sha256").asText()).isEqualTo(manifestSha256);

        assertThat(f.sent).hasSize(1);
        assertThat(f.sent.get(0).subject()).contains("staging release succeeded").contains("none → 1").contains("Version Tag");
        assertThat(f.sent.get(0).body()).contains(model).contains("held-out ROC AUC");
        // the released model has a card: the email says where
        assertThat(f.sent.get(0).body()).contains("Model card:     "
                + f.models(Environment.STAGING).cardLocation(model));
        assertThat(f.status.status(Environment.STAGING, 5).lastEntries()).extracting(LedgerEntry::outcome)
                .containsExactly(LedgerEntry.Outcome.SUCCEEDED);
    }

    @Test
    void aFunctionThatAnswersTheLegacyShapeByDefaultPassesTheSmokeTest() {
        f.defaultFormat = InferenceRequest.ResponseFormat.BREATHESAFE; // a deployment serving the Breathesafe app

        ReleaseResult r = releaseTag("staging-recommender-v1.0.0", DeployFixture.GOOD_CODE);

        assertThat(r.succeeded()).as(String.valueOf(r.entry().error())).isTrue();
        assertThat(live(DeployFixture.STAGING_FUNCTION)).isEqualTo("1");
    }

    @Test
    void aProductionTagReleaseTouchesOnlyProduction() {
        String prodModel = f.publishModel(Environment.PRODUCTION, 200);
        String tag = "production-recommender-v2.1.0";
        ReleaseResult r = f.releases.release(new ReleaseRequest(Environment.PRODUCTION, ReleaseTag.parse(tag),
                f.uploadCode(tag, DeployFixture.GOOD_CODE), null, tagTrigger(tag, null), null));

        assertThat(r.succeeded()).as(String.valueOf(r.entry().error())).isTrue();
        assertThat(live(DeployFixture.PRODUCTION_FUNCTION)).isEqualTo("1");
        assertThat(f.emulator.version(DeployFixture.PRODUCTION_FUNCTION, "1").modelVersion()).isEqualTo(prodModel);
        assertThat(f.emulator.alias(DeployFixture.STAGING_FUNCTION, "live")).isEmpty();
        assertThat(f.emulator.callLog()).allSatisfy(c -> assertThat(c.functionName()).isEqualTo(DeployFixture.PRODUCTION_FUNCTION));
    }

    @Test
    void aModelOnlyReleasePinsTheNewModelInANewVersion() {
        assertThat(releaseTag("staging-recommender-v1.0.0", DeployFixture.GOOD_CODE).succeeded()).isTrue();
        String newer = f.publishModel(Environment.STAGING, 220);
        f.emulator.clearCalls();

        ReleaseResult r = releaseModel(Environment.STAGING, newer, "evt-1", null);

        assertThat(r.succeeded()).as(String.valueOf(r.entry().error())).isTrue();
        assertThat(r.entry().fromVersion()).isEqualTo("1");
        assertThat(r.entry().toVersion()).isEqualTo("2");
        assertThat(live(DeployFixture.STAGING_FUNCTION)).isEqualTo("2");
        assertThat(f.emulator.version(DeployFixture.STAGING_FUNCTION, "2").modelVersion()).isEqualTo(newer);
        assertThat(f.emulator.calls()).doesNotContain("UpdateFunctionCode");
        assertThat(f.store(f.storeOf(Environment.STAGING)).exists("releases/" + newer + ".json")).isTrue();
    }

    @Test
    void theLatestModelIsReleasedWhenNoneIsNamed() {
        ReleaseResult r = releaseModel(Environment.STAGING, null, null, null);
        assertThat(r.succeeded()).as(String.valueOf(r.entry().error())).isTrue();
        assertThat(r.entry().modelVersion()).isEqualTo(model);
    }

    @Test
    void aTagIsReleasedOnlyOnceWhateverPathItComesBy() {
        assertThat(releaseTag("staging-recommender-v1.0.0", DeployFixture.GOOD_CODE).succeeded()).isTrue();
        f.emulator.clearCalls();

        ReleaseResult again = releaseTag("staging-recommender-v1.0.0", DeployFixture.GOOD_CODE);

        assertThat(again.entry().outcome()).isEqualTo(LedgerEntry.Outcome.REFUSED);
        assertThat(again.entry().error()).contains("already released as version 1").contains("roll back");
        assertThat(f.emulator.calls()).doesNotContain("UpdateFunctionCode", "PublishVersion", "UpdateAlias");
    }

    @Test
    void aRedeliveredEventIsReleasedAtMostOnce() {
        ReleaseResult first = releaseModel(Environment.STAGING, model, "delivery-42", null);
        int calls = f.emulator.calls().size();
        ReleaseResult again = releaseModel(Environment.STAGING, model, "delivery-42", null);

        assertThat(first.succeeded()).isTrue();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.entry().id()).isEqualTo(first.entry().id());
        assertThat(f.emulator.calls()).hasSize(calls);
        assertThat(f.sent).hasSize(1);
    }

    @Test
    void aFailingSmokeTestLeavesTheAliasAndIsRecordedAndEmailed() {
        assertThat(releaseTag("staging-recommender-v1.0.0", DeployFixture.GOOD_CODE).succeeded()).isTrue();

        ReleaseResult broken = releaseTag("staging-recommender-v1.0.1", DeployFixture.BROKEN_CODE);

        assertThat(broken.succeeded()).isFalse();
        assertThat(broken.entry().error()).contains("smoke test").contains("Unhandled");
        assertThat(live(DeployFixture.STAGING_FUNCTION)).isEqualTo("1");
        assertThat(f.status.status(Environment.STAGING, 5).lastEntries()).extracting(LedgerEntry::outcome)
                .containsExactly(LedgerEntry.Outcome.SUCCEEDED, LedgerEntry.Outcome.FAILED);
        assertThat(f.sent.get(1).subject()).contains("failed");
        assertThat(f.sent.get(1).body()).contains("smoke test");
        assertThat(f.store(f.storeOf(Environment.STAGING)).exists("releases/staging-recommender-v1.0.1.json")).isFalse();
    }

    @Test
    void aModelOnlyReleaseShipsTheLiveCodeNotWhatAFailedTagLeftInLatest() {
        assertThat(releaseTag("staging-recommender-v1.0.0", DeployFixture.GOOD_CODE).succeeded()).isTrue();
        assertThat(releaseTag("staging-recommender-v1.0.1", DeployFixture.BROKEN_CODE).succeeded()).isFalse();
        String newer = f.publishModel(Environment.STAGING, 220);

        ReleaseResult r = releaseModel(Environment.STAGING, newer, null, null);

        assertThat(r.succeeded()).as(String.valueOf(r.entry().error())).isTrue();
        assertThat(f.emulator.version(DeployFixture.STAGING_FUNCTION, r.entry().toVersion()).codeSha256())
                .isEqualTo(DeployFixture.LambdaEmulatorSha.of(DeployFixture.GOOD_CODE));
        assertThat(f.emulator.version(DeployFixture.STAGING_FUNCTION, r.entry().toVersion()).modelVersion()).isEqualTo(newer);
    }

    @Test
    void updateConflictsAreRetriedUntilTheUpdateGoesThrough() {
        f.emulator.failNextUpdates(DeployFixture.STAGING_FUNCTION, 2);
        ReleaseResult r = releaseTag("staging-recommender-v1.0.0", DeployFixture.GOOD_CODE);

        assertThat(r.succeeded()).as(String.valueOf(r.entry().error())).isTrue();
        assertThat(f.emulator.calls().stream().filter("UpdateFunctionCode"::equals).count()).isEqualTo(3);
    }

    @Test
    void aMissingModelOrCodeFailsBeforeAnythingChanges() {
        ReleaseResult noModel = releaseModel(Environment.STAGING, "20200101T000000Z-00000000", null, null);
        assertThat(noModel.succeeded()).isFalse();
        assertThat(noModel.entry().error()).contains("20200101T000000Z-00000000");

        ReleaseResult noCode = f.releases.release(new ReleaseRequest(Environment.STAGING, ReleaseTag.parse("staging-recommender-v9.9.9"),
                new CodeLocation(f.bucket, "code/nothing/function.zip"), null, tagTrigger("staging-recommender-v9.9.9", null),
                null));
        assertThat(noCode.succeeded()).isFalse();
        assertThat(noCode.entry().error()).contains("code/nothing/function.zip");
        assertThat(f.emulator.calls()).doesNotContain("UpdateFunctionCode", "UpdateFunctionConfiguration", "PublishVersion");
    }

    @Test
    void twoConcurrentReleasesCannotBothWin() throws Exception {
        assertThat(releaseModel(Environment.STAGING, model, null, null).succeeded()).isTrue();
        String a = f.publishModel(Environment.STAGING, 210);
        String b = f.publishModel(Environment.STAGING, 230);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<ReleaseResult>> results = pool.invokeAll(List.<Callable<ReleaseResult>>of(
                    () -> releaseModel(Environment.STAGING, a, null, null), () -> releaseModel(Environment.STAGING, b, null, null)));
            List<ReleaseResult> done = List.of(results.get(0).get(), results.get(1).get());
            long winners = done.stream().filter(ReleaseResult::succeeded).count();
            assertThat(winners).isLessThanOrEqualTo(1);
            String liveVersion = live(DeployFixture.STAGING_FUNCTION);
            String liveModel = f.emulator.version(DeployFixture.STAGING_FUNCTION, liveVersion).modelVersion();
            if (winners == 1) {
                ReleaseResult winner = done.stream().filter(ReleaseResult::succeeded).findFirst().orElseThrow();
                assertThat(liveVersion).isEqualTo(winner.entry().toVersion());
                assertThat(liveModel).isEqualTo(winner.entry().modelVersion());
            }
            done.stream().filter(r -> !r.succeeded()).forEach(r -> assertThat(r.entry().error()).isNotBlank());
            assertThat(f.status.status(Environment.STAGING, 10).lastEntries()).hasSize(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCanaryRoutesAShareThenShiftsFully() {
        assertThat(releaseModel(Environment.STAGING, model, null, null).succeeded()).isTrue();
        String newer = f.publishModel(Environment.STAGING, 220);
        f.emulator.setRoutingSeed(7);
        f.emulator.clearCalls();

        ReleaseResult r = releaseModel(Environment.STAGING, newer, null, 0.5);

        assertThat(r.succeeded()).as(String.valueOf(r.entry().error())).isTrue();
        assertThat(f.emulator.calls().stream().filter("UpdateAlias"::equals).count()).isEqualTo(2);
        assertThat(f.emulator.invocations()).filteredOn(i -> "live".equals(i.qualifier()))
                .filteredOn(i -> "2".equals(i.executedVersion())).as("the new version itself answered 5 times")
                .hasSize(5);
        assertThat(f.emulator.alias(DeployFixture.STAGING_FUNCTION, "live").orElseThrow().additionalVersionWeights()).isEmpty();
        assertThat(live(DeployFixture.STAGING_FUNCTION)).isEqualTo("2");
    }

    @Test
    void aCanaryThatFailsPutsTheAliasBack() {
        assertThat(releaseModel(Environment.STAGING, model, null, null).succeeded()).isTrue();
        String newer = f.publishModel(Environment.STAGING, 220);
        f.flakyModel = newer;
        f.emulator.setRoutingSeed(7);

        ReleaseResult r = releaseModel(Environment.STAGING, newer, null, 0.5);

        assertThat(r.succeeded()).isFalse();
        assertThat(r.entry().error()).contains("smoke test of " + DeployFixture.STAGING_FUNCTION + ":live");
        assertThat(live(DeployFixture.STAGING_FUNCTION)).isEqualTo("1");
        assertThat(f.emulator.alias(DeployFixture.STAGING_FUNCTION, "live").orElseThrow().additionalVersionWeights()).isEmpty();
        assertThat(f.emulator.invocations()).anyMatch(i -> "live".equals(i.qualifier()) && "2".equals(i.executedVersion()));
    }

    @Test
    void throttlingIsRetriedWithBackoff() {
        f.emulator.throttleNext(DeployFixture.STAGING_FUNCTION, 3);
        ReleaseResult r = releaseModel(Environment.STAGING, model, null, null);
        assertThat(r.succeeded()).as(String.valueOf(r.entry().error())).isTrue();
        assertThat(f.emulator.callLog()).filteredOn(c -> "TooManyRequestsException".equals(c.errorType())).hasSize(3);
    }

    @Test
    void aNotificationFailureNeverFailsTheRelease() {
        f.smtpDown = true;
        ReleaseResult r = releaseModel(Environment.STAGING, model, null, null);
        assertThat(r.succeeded()).isTrue();
        assertThat(live(DeployFixture.STAGING_FUNCTION)).isEqualTo("1");
        assertThat(f.emulator.calls().stream().filter("PublishVersion"::equals).count()).isEqualTo(1);
    }

    @Test
    void rollbackGoesToThePreviousSuccessfulVersionOrANamedOneInOneCall() {
        assertThat(releaseTag("staging-recommender-v1.0.0", DeployFixture.GOOD_CODE).succeeded()).isTrue();
        assertThat(releaseModel(Environment.STAGING, f.publishModel(Environment.STAGING, 220), null, null).succeeded()).isTrue();
        assertThat(releaseTag("staging-recommender-v1.0.1", DeployFixture.BROKEN_CODE).succeeded()).isFalse();
        assertThat(live(DeployFixture.STAGING_FUNCTION)).isEqualTo("2");
        Trigger operator = new Trigger(Trigger.Type.MANUAL, null, "operator", null, null, null);
        f.emulator.clearCalls();

        ReleaseResult back = f.rollbacks.rollback(Environment.STAGING, null, operator);
        assertThat(back.succeeded()).isTrue();
        assertThat(back.entry().fromVersion()).isEqualTo("2");
        assertThat(back.entry().toVersion()).isEqualTo("1");
        assertThat(live(DeployFixture.STAGING_FUNCTION)).isEqualTo("1");
        assertThat(f.emulator.calls().stream().filter(c -> c.endsWith("Alias") && !c.equals("GetAlias")).toList())
                .containsExactly("UpdateAlias");

        ReleaseResult named = f.rollbacks.rollback(Environment.STAGING, "2", operator);
        assertThat(named.succeeded()).isTrue();
        assertThat(live(DeployFixture.STAGING_FUNCTION)).isEqualTo("2");

        ReleaseResult missing = f.rollbacks.rollback(Environment.STAGING, "99", operator);
        assertThat(missing.entry().outcome()).isEqualTo(LedgerEntry.Outcome.REFUSED);
        assertThat(missing.entry().error()).contains("99");
        assertThat(live(DeployFixture.STAGING_FUNCTION)).isEqualTo("2");
        assertThat(f.sent.get(f.sent.size() - 1).subject()).contains("rollback refused").contains("(Manual)");

        StatusService.Status status = f.status.status(Environment.STAGING, 3);
        assertThat(status.aliasVersion()).isEqualTo("2");
        assertThat(status.modelVersion()).isEqualTo(f.emulator.version(DeployFixture.STAGING_FUNCTION, "2").modelVersion());
        assertThat(status.lastEntries()).hasSize(3).last().extracting(LedgerEntry::action).isEqualTo(LedgerEntry.Action.ROLLBACK);
    }

    @Test
    void aManifestEditedAfterPublishingIsNotReleased() throws Exception {
        ModelStore models = f.models(Environment.STAGING);
        String key = "models/" + model + "/manifest.json";
        ObjectNode manifest = (ObjectNode) f.mapper.readTree(models.blobs().get(key).orElseThrow());
        ((ObjectNode) manifest.get("metrics")).put("roc_auc", 0.999);
        models.blobs().put(key, f.mapper.writeValueAsBytes(manifest));

        ReleaseResult r = releaseModel(Environment.STAGING, null, null, null);

        assertThat(r.succeeded()).isFalse();
        assertThat(r.entry().error()).contains("not the one published");
        assertThat(f.emulator.alias(DeployFixture.STAGING_FUNCTION, "live")).isEmpty();
        assertThat(f.emulator.calls()).doesNotContain("PublishVersion", "UpdateFunctionConfiguration");
    }

    @Test
    void theManifestHashAModelTrainedEventNamesIsTheOneReleased() {
        String published = f.models(Environment.STAGING).latest().orElseThrow().manifestSha256();

        ReleaseResult wrong = f.releases.release(new ReleaseRequest(Environment.STAGING, null, null, model,
                "0".repeat(64), new Trigger(Trigger.Type.SCHEDULE, "evt-9", "eventbridge", null, null, null), null));
        assertThat(wrong.succeeded()).isFalse();
        assertThat(wrong.entry().error()).contains("not the one published");

        ReleaseResult right = f.releases.release(new ReleaseRequest(Environment.STAGING, null, null, model, published,
                new Trigger(Trigger.Type.SCHEDULE, "evt-10", "eventbridge", null, null, null), null));
        assertThat(right.succeeded()).as(String.valueOf(right.entry().error())).isTrue();
        assertThat(f.emulator.version(DeployFixture.STAGING_FUNCTION, live(DeployFixture.STAGING_FUNCTION))
                .manifestSha256()).isEqualTo(published);
    }

    /** The ledger commits a pending entry before the alias moves: a move that then fails is recorded as failed. */
    @Test
    void anAliasMoveThatFailsAfterTheCommitIsRecordedFailedAndNothingReadsItAsDeployed() {
        // every Lambda call from the alias move on is throttled, past every retry
        AtomicBoolean armed = new AtomicBoolean();
        f.close();
        f = new DeployFixture(FunctionSettings.nativeImage(), DeployFixture.GOOD_CODE,
                b -> b.overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof UpdateAliasRequest && armed.get()) {
                            f.emulator.throttleNext(DeployFixture.STAGING_FUNCTION, 1000);
                        }
                    }
                })));
        model = f.publishModel(Environment.STAGING, 200);
        assertThat(releaseModel(Environment.STAGING, model, null, null).succeeded()).isTrue();
        String newer = f.publishModel(Environment.STAGING, 220);
        armed.set(true);

        ReleaseResult r = releaseModel(Environment.STAGING, newer, null, null);

        assertThat(r.succeeded()).isFalse();
        assertThat(live(DeployFixture.STAGING_FUNCTION)).isEqualTo("1");
        LedgerSnapshot ledger = new Ledger(f.store(f.storeOf(Environment.STAGING)), DeployFixture.STAGING_FUNCTION,
                f.mapper).snapshot();
        assertThat(ledger.entries()).extracting(LedgerEntry::outcome).containsExactly(LedgerEntry.Outcome.PENDING,
                LedgerEntry.Outcome.SUCCEEDED, LedgerEntry.Outcome.PENDING, LedgerEntry.Outcome.FAILED);
        assertThat(ledger.entries().get(3).id()).as("the failure concludes the pending entry")
                .isEqualTo(ledger.entries().get(2).id());
        assertThat(ledger.deployedModel()).contains(model);
        assertThat(ledger.rollbackTarget("2")).isEmpty();
    }

    @Test
    void goingBackRightAfterTheFirstReleaseReturnsToWhereLiveWasBefore() {
        // the stack creates alias live on version 1, from the code it was deployed with
        String initial = f.emulator.publishVersion(DeployFixture.STAGING_FUNCTION, "stack's initial version");
        f.emulator.createAlias(DeployFixture.STAGING_FUNCTION, "live", initial);
        ReleaseResult release = releaseModel(Environment.STAGING, model, null, null);
        assertThat(release.succeeded()).as(String.valueOf(release.entry().error())).isTrue();
        assertThat(release.entry().fromVersion()).isEqualTo(initial);

        ReleaseResult back = f.rollbacks.rollback(Environment.STAGING, null,
                new Trigger(Trigger.Type.MANUAL, null, "operator", null, null, null));

        assertThat(back.succeeded()).as(String.valueOf(back.entry().error())).isTrue();
        assertThat(live(DeployFixture.STAGING_FUNCTION)).isEqualTo(initial);
        ReleaseResult again = f.rollbacks.rollback(Environment.STAGING, null,
                new Trigger(Trigger.Type.MANUAL, null, "operator", null, null, null));
        assertThat(again.entry().outcome()).as("no release put live on the initial version")
                .isEqualTo(LedgerEntry.Outcome.REFUSED);
        assertThat(live(DeployFixture.STAGING_FUNCTION)).isEqualTo(initial);
    }

    @Test
    void aCanaryThatNeverReachesTheNewVersionFailsInsteadOfPassingUntested() {
        assertThat(releaseModel(Environment.STAGING, model, null, null).succeeded()).isTrue();
        String newer = f.publishModel(Environment.STAGING, 220);
        f.emulator.setRoutingSeed(7);

        ReleaseResult r = releaseModel(Environment.STAGING, newer, null, 0.0001);

        assertThat(r.succeeded()).isFalse();
        assertThat(r.entry().error()).contains("the canary reached version 2");
        assertThat(live(DeployFixture.STAGING_FUNCTION)).isEqualTo("1");
        assertThat(f.emulator.alias(DeployFixture.STAGING_FUNCTION, "live").orElseThrow().additionalVersionWeights()).isEmpty();
    }
}
