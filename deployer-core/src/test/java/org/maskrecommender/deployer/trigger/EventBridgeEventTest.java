package org.maskrecommender.deployer.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.maskrecommender.deployer.trigger.Events.read;
import static org.maskrecommender.deployer.trigger.Events.utf8;

import java.util.EnumSet;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.deployer.trigger.DeployerCommand.Ignored;
import org.maskrecommender.deployer.trigger.DeployerCommand.Invalid;
import org.maskrecommender.deployer.trigger.DeployerCommand.Refused;
import org.maskrecommender.deployer.trigger.DeployerCommand.ReleaseModel;
import org.maskrecommender.deployer.trigger.DeployerCommand.ScheduledTick;

class EventBridgeEventTest {

    private static final String MODEL_VERSION = Events.MODEL_VERSION;

    private final EventRecognizer recognizer = new EventRecognizer(EnumSet.allOf(Environment.class));

    @Test
    void weeklyRetrainIsAModelOnlyRelease() {
        DeployerCommand command = recognizer.recognize(Events.modelTrained("staging", MODEL_VERSION, "schedule"));

        assertThat(command).isEqualTo(new ReleaseModel(Environment.STAGING, MODEL_VERSION, null, new Trigger(
                Trigger.Type.SCHEDULE, "a7e4b1c2-3d5f-6e7a-8b9c-0d1e2f3a4b5c", "eventbridge", null, null, null), null));
        assertThat(((ReleaseModel) command).canaryWeight()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tag", "manual"})
    void theTrainingRunsTriggerIsTheReleasesTrigger(String trigger) {
        DeployerCommand command = recognizer.recognize(Events.modelTrained("production", MODEL_VERSION, trigger));

        assertThat(command).isInstanceOfSatisfying(ReleaseModel.class, r -> {
            assertThat(r.environment()).isEqualTo(Environment.PRODUCTION);
            assertThat(r.modelVersion()).isEqualTo(MODEL_VERSION);
            assertThat(r.trigger().type()).isEqualTo(Trigger.Type.of(trigger));
            assertThat(r.trigger().actor()).isEqualTo("eventbridge");
        });
    }

    @Test
    void aMissingTrainingTriggerIsManualAndAnUnknownOneInvalid() {
        ObjectNode event = Events.modelTrained("staging", MODEL_VERSION, "x");
        ((ObjectNode) event.get("detail")).remove("trigger");

        assertThat(recognizer.recognize(event)).isInstanceOfSatisfying(ReleaseModel.class,
                r -> assertThat(r.trigger().type()).isEqualTo(Trigger.Type.MANUAL));
        assertThat(recognizer.recognize(Events.modelTrained("staging", MODEL_VERSION, "x")))
                .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.reason()).startsWith("detail.trigger"));
    }

    @Test
    void unknownEnvironmentIsRefused() {
        assertThat(recognizer.recognize(Events.modelTrained("dev", MODEL_VERSION, "schedule")))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason())
                        .contains("detail.environment").contains("'dev'").contains("staging or production"));
    }

    @Test
    void missingEnvironmentOrModelVersionIsInvalid() {
        ObjectNode noEnvironment = Events.modelTrained("staging", MODEL_VERSION, "schedule");
        ((ObjectNode) noEnvironment.get("detail")).remove("environment");
        ObjectNode noVersion = Events.modelTrained("staging", MODEL_VERSION, "schedule");
        ((ObjectNode) noVersion.get("detail")).remove("model_version");
        ObjectNode noDetail = Events.modelTrained("staging", MODEL_VERSION, "schedule");
        noDetail.remove("detail");

        assertThat(recognizer.recognize(noEnvironment)).isEqualTo(new Invalid("detail.environment is required"));
        assertThat(recognizer.recognize(noVersion)).isEqualTo(new Invalid("detail.model_version is required"));
        assertThat(recognizer.recognize(noDetail)).isInstanceOfSatisfying(Invalid.class,
                i -> assertThat(i.reason()).contains("'detail'"));
    }

    @Test
    void pathTricksInTheModelVersionAreInvalid() {
        assertThat(recognizer.recognize(Events.modelTrained("staging", "../production/models/x", "schedule")))
                .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.reason()).contains("detail.model_version"));
    }

    @Test
    void theEventIdIsRequiredForIdempotency() {
        ObjectNode event = Events.modelTrained("staging", MODEL_VERSION, "schedule");
        event.remove("id");

        assertThat(recognizer.recognize(event)).isEqualTo(new Invalid("id is required"));
    }

    @Test
    void scheduledEventsAreTicks() {
        assertThat(recognizer.recognize(read(Events.SCHEDULED_EVENT))).isEqualTo(new ScheduledTick(
                "89d1a02d-5ec7-412e-82f5-13505f849b41", "2026-11-28T05:00:00Z",
                List.of("arn:aws:events:eu-west-1:123456789012:rule/mask-recommender-weekly-retrain")));
    }

    @Test
    void otherEventBridgeEventsAreIgnored() {
        ObjectNode event = Events.modelTrained("staging", MODEL_VERSION, "schedule");
        event.put("detail-type", "Training Failed");

        assertThat(recognizer.recognize(event)).isInstanceOfSatisfying(Ignored.class,
                i -> assertThat(i.reason()).contains("'Training Failed'").contains("'mask-recommender.training'"));

        ObjectNode other = Events.modelTrained("staging", MODEL_VERSION, "schedule");
        other.put("source", "aws.s3");
        assertThat(recognizer.recognize(other)).isInstanceOf(Ignored.class);
    }
}
