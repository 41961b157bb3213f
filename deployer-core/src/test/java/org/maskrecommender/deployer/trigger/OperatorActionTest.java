package org.maskrecommender.deployer.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.maskrecommender.deployer.trigger.Events.read;
import static org.maskrecommender.deployer.trigger.Events.utf8;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.deployer.trigger.DeployerCommand.Invalid;
import org.maskrecommender.deployer.trigger.DeployerCommand.Refused;
import org.maskrecommender.deployer.trigger.DeployerCommand.ReleaseModel;
import org.maskrecommender.deployer.trigger.DeployerCommand.Rollback;
import org.maskrecommender.deployer.trigger.DeployerCommand.Status;

class OperatorActionTest {

    private static final String MODEL_VERSION = Events.MODEL_VERSION;

    private final EventRecognizer recognizer = new EventRecognizer(EnumSet.allOf(Environment.class));

    @Test
    void rollbackToANamedVersion() {
        assertThat(recognizer.recognize(read("{\"action\": \"rollback\", \"environment\": \"production\", \"to_version\": \"7\"}")))
                .isEqualTo(new Rollback(Environment.PRODUCTION, "7",
                        new Trigger(Trigger.Type.MANUAL, null, "operator", null, null, null)));
    }

    @Test
    void rollbackToTheNumberedVersionAndByAnActor() {
        assertThat(recognizer.recognize(read(
                "{\"action\": \"rollback\", \"environment\": \"staging\", \"to_version\": 12, \"actor\": \"sam\"}")))
                .isEqualTo(new Rollback(Environment.STAGING, "12",
                        new Trigger(Trigger.Type.MANUAL, null, "sam", null, null, null)));
    }

    @Test
    void rollbackToThePreviousVersion() {
        assertThat(recognizer.recognize(read("{\"action\": \"rollback\", \"environment\": \"production\"}")))
                .isInstanceOfSatisfying(Rollback.class, r -> assertThat(r.toVersion()).isNull());
        assertThat(recognizer.recognize(read("{\"action\": \"rollback\", \"environment\": \"production\", \"to_version\": null}")))
                .isInstanceOfSatisfying(Rollback.class, r -> assertThat(r.toVersion()).isNull());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"07\"", "\"0\"", "0", "-3", "\"$LATEST\"", "\"live\"", "1.5", "\"\""})
    void rollbackTargetsMustBeVersionNumbers(String to) {
        assertThat(recognizer.recognize(read(
                "{\"action\": \"rollback\", \"environment\": \"production\", \"to_version\": " + to + "}")))
                .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.reason()).contains("to_version"));
    }

    @Test
    void aMisspeltFieldDoesNotRollBackToTheWrongVersion() {
        assertThat(recognizer.recognize(read(
                "{\"action\": \"rollback\", \"environment\": \"production\", \"to_verison\": \"3\"}")))
                .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.reason()).contains("'to_verison'"));
    }

    @Test
    void status() {
        assertThat(recognizer.recognize(read("{\"action\": \"status\", \"environment\": \"staging\"}")))
                .isEqualTo(new Status(Environment.STAGING));
    }

    @Test
    void manualModelOnlyDeploy() {
        assertThat(recognizer.recognize(read(
                "{\"action\": \"deploy\", \"environment\": \"staging\", \"model_version\": \"20261128T050012Z-3f9a1c2e\"}")))
                .isEqualTo(new ReleaseModel(Environment.STAGING, MODEL_VERSION, null,
                        new Trigger(Trigger.Type.MANUAL, null, "operator", null, null, null), null));
    }

    @Test
    void manualModelOnlyDeployWithCanaryActorAndEventId() {
        assertThat(recognizer.recognize(read("""
                {"action": "deploy", "environment": "production", "model_version": "20261128T050012Z-3f9a1c2e",
                 "canary_weight": 0.25, "actor": "sam", "event_id": "ops-2026-11-28-1"}
                """))).isEqualTo(new ReleaseModel(Environment.PRODUCTION, MODEL_VERSION, null,
                new Trigger(Trigger.Type.MANUAL, "ops-2026-11-28-1", "sam", null, null, null), 0.25));
    }

    @Test
    void aDeployNeedsATagOrAModelVersion() {
        assertThat(recognizer.recognize(read("{\"action\": \"deploy\", \"environment\": \"staging\"}")))
                .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.reason()).contains("tag").contains("model_version"));
    }

    @Test
    void codeWithoutATagIsInvalid() {
        assertThat(recognizer.recognize(read("""
                {"action": "deploy", "environment": "staging", "model_version": "20261128T050012Z-3f9a1c2e",
                 "code": {"s3_bucket": "b-1", "s3_key": "f.zip"}}
                """))).isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.reason()).startsWith("code"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rollback", "status", "deploy"})
    void missingEnvironmentIsInvalid(String action) {
        String extra = action.equals("deploy") ? ", \"model_version\": \"" + MODEL_VERSION + "\"" : "";

        assertThat(recognizer.recognize(read("{\"action\": \"" + action + "\"" + extra + "}")))
                .isEqualTo(new Invalid("environment is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "Production", "staging ", "prod"})
    void environmentsOtherThanStagingAndProductionAreRefused(String environment) {
        assertThat(recognizer.recognize(read("{\"action\": \"status\", \"environment\": \"" + environment + "\"}")))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason())
                        .startsWith("environment '" + environment + "'").contains("production, staging"));
    }

    @Test
    void environmentMustBeAString() {
        assertThat(recognizer.recognize(read("{\"action\": \"status\", \"environment\": [\"staging\"]}")))
                .isEqualTo(new Invalid("environment must be a string, got array"));
    }

    @Test
    void unknownActionIsInvalid() {
        assertThat(recognizer.recognize(read("{\"action\": \"destroy\", \"environment\": \"production\"}")))
                .isEqualTo(new Invalid("unknown action 'destroy'; expected deploy, rollback or status"));
    }

    @Test
    void theEnvironmentSetIsConfigurable() {
        EventRecognizer custom = new EventRecognizer(Set.of(Environment.STAGING));

        assertThat(custom.recognize(read("{\"action\": \"status\", \"environment\": \"staging\"}")))
                .isEqualTo(new Status(Environment.STAGING));
        assertThat(custom.recognize(read("{\"action\": \"status\", \"environment\": \"production\"}")))
                .isInstanceOf(Refused.class);
        assertThat(custom.recognize(read("{\"action\": \"deploy\", \"tag\": \"production-recommender-v1.0.0\"}")))
                .isInstanceOf(Refused.class);
    }
}
