package org.maskrecommender.training.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.core.metrics.EmfWriter;
import org.maskrecommender.deployer.trigger.DeployerCommand;
import org.maskrecommender.deployer.trigger.EventRecognizer;
import org.maskrecommender.testkit.events.EventBridgeEmulator;
import org.maskrecommender.testkit.logs.EmfRecord;
import org.maskrecommender.testkit.logs.LogCapture;

/**
 * The weekly retrain as EventBridge Scheduler runs it, with a quality gate strict enough that a second
 * model cannot pass: the first model is promoted and announced (and the deployer recognises that
 * exact event), the second is kept but not promoted and emailed about, and {@code force} promotes it.
 */
@QuarkusTest
@QuarkusTestResource(S3ProxyResource.class)
@TestProfile(WeeklyRetrainTest.StrictGate.class)
class WeeklyRetrainTest {

    /** A new model must beat the deployed one by 0.5 ROC AUC: nothing can, once something is deployed. */
    public static class StrictGate implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String bucket = "s3://${" + S3ProxyResource.BUCKET_PROPERTY + "}/";
            return Map.of("mask-recommender.gate-roc-auc-tolerance", "-0.5",
                    "mask-recommender.evaluation-fraction", "0.25",
                    "mask-recommender.gate-subgroup-min-rows", "7",
                    "mask-recommender.model-store", bucket + "weekly",
                    // three runs, and what is checked is the gate's decisions, not the models' quality
                    "mask-recommender.data-source", bucket + S3ProxyResource.SMALL_EXPORT_KEY);
        }
    }

    private final ObjectMapper mapper = Json.newMapper();

    private JsonNode invoke(String event) throws Exception {
        return mapper.readTree(given().contentType("application/json").body(event).when()
                .post(TrainingHandlerTest.lambdaUrl()).then().statusCode(200).extract().asString());
    }

    @Test
    void promotesAnnouncesThenHoldsBackUntilForced() throws Exception {
        int eventsBefore = S3ProxyResource.events.events().size();
        // EventBridge Scheduler's constant input
        JsonNode first = invoke("{\"environment\": \"staging\", \"trigger\": \"schedule\"}");
        assertThat(first.path("status").asText()).as(first.toString()).isEqualTo("published");
        assertThat(first.path("promoted").asBoolean()).isTrue();
        // the function's evaluation fraction and gate settings reach the run
        assertThat(first.path("evaluation_set").path("fraction").asDouble()).isEqualTo(0.25);
        assertThat(first.path("evaluation_set").path("users").asInt()).isPositive();
        assertThat(first.path("promotion").path("settings").path("subgroup_min_rows").asInt()).isEqualTo(7);
        assertThat(first.path("promotion").path("settings").path("min_roc_auc").asDouble()).isEqualTo(0.6);
        String version = first.path("version").asText();

        assertThat(S3ProxyResource.events.events()).hasSize(eventsBefore + 1);
        EventBridgeEmulator.Event event = S3ProxyResource.events.events().get(eventsBefore);
        assertThat(event.source()).isEqualTo("mask-recommender.training");
        assertThat(event.detailType()).isEqualTo("Model Trained");
        assertThat(event.detail().path("environment").asText()).isEqualTo("staging");
        assertThat(event.detail().path("model_version").asText()).isEqualTo(version);
        assertThat(event.detail().path("trigger").asText()).isEqualTo("schedule");
        assertThat(event.busName()).isEqualTo("default");

        // the deployer recognises exactly what EventBridge delivers for that event
        DeployerCommand command = new EventRecognizer(EnumSet.allOf(Environment.class))
                .recognize(mapper.writeValueAsBytes(S3ProxyResource.events.delivered(event)));
        assertThat(command).isInstanceOfSatisfying(DeployerCommand.ReleaseModel.class, release -> {
            assertThat(release.environment()).isEqualTo(Environment.STAGING);
            assertThat(release.modelVersion()).isEqualTo(version);
            assertThat(release.trigger().type()).isEqualTo(Trigger.Type.SCHEDULE);
            assertThat(release.trigger().eventId()).isEqualTo(event.id());
        });

        int mailsBefore = S3ProxyResource.smtp.getReceivedMessages().length;
        JsonNode second;
        try (LogCapture logs = LogCapture.of(EmfWriter.LOGGER)) {
            second = invoke("{\"environment\": \"staging\", \"trigger\": \"schedule\"}");
            EmfRecord metrics = EmfRecord.parse(logs.messages(EmfWriter.LOGGER).get(0));
            assertThat(metrics.value("Promoted")).isZero();
            assertThat(metrics.member("model_version").asText()).isEqualTo(second.path("version").asText());
        }
        assertThat(second.path("status").asText()).isEqualTo("published");
        assertThat(second.path("promoted").asBoolean()).isFalse();
        assertThat(second.path("promotion").path("compared_to").asText()).isEqualTo(version);
        assertThat(second.path("promotion").path("reason").asText()).startsWith("not promoted");
        assertThat(S3ProxyResource.events.events()).hasSize(eventsBefore + 1);
        MimeMessage[] mails = S3ProxyResource.smtp.getReceivedMessages();
        assertThat(mails).hasSize(mailsBefore + 1);
        MimeMessage mail = mails[mails.length - 1];
        assertThat(mail.getSubject()).contains("retrained, not promoted").contains(second.path("version").asText());
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(mail)).contains("ROC AUC").contains(version);

        JsonNode forced = invoke("{\"environment\": \"staging\", \"trigger\": \"manual\", \"force\": true}");
        assertThat(forced.path("promoted").asBoolean()).isTrue();
        assertThat(forced.path("promotion").path("forced").asBoolean()).isTrue();
        assertThat(S3ProxyResource.events.events()).hasSize(eventsBefore + 2);
    }
}
