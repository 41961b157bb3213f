package org.maskrecommender.deployer.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Ledger;
import org.maskrecommender.core.ledger.LedgerEntry;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.core.probes.Probes;
import org.maskrecommender.testkit.lambda.DeploymentPackages;
import org.maskrecommender.testkit.lambda.FunctionSettings;
import org.maskrecommender.testkit.lambda.RecordedInvoke;

/**
 * The probe set training checked, run again on each new Lambda version through Invoke of that version, before the
 * alias moves: the version's own code and pinned model answer, so a build that serves the model wrongly is caught
 * even when the model passed its probes in training.
 */
class ReleaseProbesTest {

    private static final String FN = DeployFixture.STAGING_FUNCTION;
    private DeployFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private ReleaseResult releaseModel(String version, Double canary) {
        return f.releases.release(new ReleaseRequest(Environment.STAGING, null, null, version,
                new Trigger(Trigger.Type.MANUAL, null, "operator", null, null, null), canary));
    }

    private String live() {
        return f.emulator.alias(FN, "live").map(a -> a.functionVersion()).orElse(null);
    }

    private List<RecordedInvoke> probeRequests() {
        return f.emulator.invocations().stream().filter(i -> i.payloadUtf8().contains("\"mask_ids\"")).toList();
    }

    private JsonNode json(byte[] bytes) {
        try {
            return f.mapper.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aGoodModelPassesTheProbesOnTheNewVersionAndIsReleased() {
        f = new DeployFixture();
        String model = f.publishModel(Environment.STAGING, 200);

        ReleaseResult r = releaseModel(null, null);

        assertThat(r.succeeded()).as(String.valueOf(r.entry().error())).isTrue();
        assertThat(live()).isEqualTo("1");
        List<RecordedInvoke> probes = probeRequests();
        assertThat(probes).as("one request per probe face, each face's masks in mask_ids").isNotEmpty()
                .allSatisfy(i -> {
                    assertThat(i.qualifier()).as("the new version itself, not the alias").isEqualTo("1");
                    assertThat(json(i.response()).path("model").path("version").asText()).isEqualTo(model);
                    assertThat(json(i.response()).path("recommendations").size())
                            .isEqualTo(json(i.payload()).path("mask_ids").size());
                });
        // every probe face was asked: the child's, the size ladder's and the beard probe's
        List<JsonNode> faces = probes.stream().map(i -> json(i.payload()).path("facial_measurements")).toList();
        assertThat(faces).extracting(m -> Math.round(m.path("nose_mm").asDouble() + m.path("chin_mm").asDouble()
                + m.path("top_cheek_mm").asDouble() + m.path("mid_cheek_mm").asDouble()))
                .contains(280L, 300L, 310L, 340L, 370L, 400L, 430L);
        assertThat(faces).extracting(m -> m.path("facial_hair_beard_length_mm").asDouble())
                .contains(0.0, 5.0, 15.0, 40.0);
        assertThat(probes).as("no request made twice").extracting(RecordedInvoke::payloadUtf8).doesNotHaveDuplicates();
        assertThat(probes.size()).as("a small number of invocations").isLessThanOrEqualTo(20);
        List<String> calls = f.emulator.calls();
        assertThat(calls.lastIndexOf("Invoke")).as("probes run before the alias moves")
                .isLessThan(calls.indexOf("CreateAlias"));
    }

    @Test
    void aVersionWhoseAnswersBreakAProbeIsNotReleasedAndTheProbeIsNamed() {
        f = new DeployFixture();
        f.publishModel(Environment.STAGING, 200);
        assertThat(releaseModel(null, null).succeeded()).isTrue();
        String newer = f.publishModel(Environment.STAGING, 220);
        f.beardLovingModel = newer;
        f.emulator.clearCalls();

        ReleaseResult r = releaseModel(newer, 0.5);

        assertThat(r.succeeded()).isFalse();
        assertThat(r.entry().toVersion()).isEqualTo("2");
        assertThat(r.entry().error()).contains("probe set " + Probes.VERSION).contains(Probes.BEARD_NEVER_HELPS)
                .contains(FN + ":2").contains(newer).doesNotContain(Probes.SIZE_LADDER);
        assertThat(live()).as("live stays where it was").isEqualTo("1");
        assertThat(f.emulator.calls()).as("not even a canary: the alias is never touched").doesNotContain("UpdateAlias");
        assertThat(f.emulator.invocations()).as("nothing went through the alias")
                .noneMatch(i -> "live".equals(i.qualifier()));
        List<LedgerEntry> ledger = new Ledger(f.store(f.storeOf(Environment.STAGING)), FN, f.mapper).snapshot().entries();
        assertThat(ledger.get(ledger.size() - 1).outcome()).isEqualTo(LedgerEntry.Outcome.FAILED);
        assertThat(ledger.get(ledger.size() - 1).error()).contains(Probes.BEARD_NEVER_HELPS);
        assertThat(f.sent.get(f.sent.size() - 1).subject()).contains("failed");
        assertThat(f.sent.get(f.sent.size() - 1).body()).contains(Probes.BEARD_NEVER_HELPS);
    }

    @Test
    void aFirstReleaseThatBreaksAProbeLeavesNoAlias() {
        f = new DeployFixture();
        f.beardLovingModel = f.publishModel(Environment.STAGING, 200);

        ReleaseResult r = releaseModel(null, null);

        assertThat(r.succeeded()).isFalse();
        assertThat(r.entry().error()).contains(Probes.BEARD_NEVER_HELPS);
        assertThat(live()).isNull();
    }

    @Test
    void probesOfASnapStartVersionWaitUntilItIsActive() {
        f = new DeployFixture(FunctionSettings.jvm(), DeploymentPackages.jvmZip("initial"), UnaryOperator.identity());
        f.publishModel(Environment.STAGING, 200);
        f.emulator.setSnapStartPolls(FN, 3);

        ReleaseResult r = f.releases.release(new ReleaseRequest(Environment.STAGING,
                ReleaseTag.parse("staging-recommender-v1.0.0"), f.uploadCode("staging-recommender-v1.0.0",
                        DeploymentPackages.jvmZip("1.0.0")), null,
                new Trigger(Trigger.Type.TAG, null, "octocat", "staging-recommender-v1.0.0", null, null), null));

        assertThat(r.succeeded()).as(String.valueOf(r.entry().error())).isTrue();
        assertThat(probeRequests()).isNotEmpty().allSatisfy(i -> assertThat(i.functionError()).isNull());
        assertThat(f.emulator.callLog()).as("no invoke met a Pending version")
                .noneMatch(c -> "Invoke".equals(c.operation()) && c.status() == 409);
    }
}
