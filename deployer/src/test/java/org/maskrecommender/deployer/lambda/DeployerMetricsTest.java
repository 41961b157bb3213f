package org.maskrecommender.deployer.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.metrics.EmfWriter;
import org.maskrecommender.testkit.logs.EmfRecord;
import org.maskrecommender.testkit.logs.LogCapture;

/**
 * The deployer handler's metrics, through the mock event server against the Lambda emulator in a world of its own:
 * one EMF record per release or rollback that ran (succeeded, failed or refused), counting its outcome by environment and trigger type; none for
 * a duplicate or a status query.
 */
@QuarkusTest
@QuarkusTestResource(DeployWorld.class)
@TestProfile(DeployerMetricsTest.OwnWorld.class)
class DeployerMetricsTest {

    /** A profile of its own: a new application and a new world (emulator, bucket, SMTP), whatever ran before. */
    public static class OwnWorld implements QuarkusTestProfile {
    }

    private final ObjectMapper mapper = Json.newMapper();

    private JsonNode invoke(String event) throws Exception {
        return mapper.readTree(given().contentType("application/json").body(event).when()
                .post(DeployerHandlerTest.lambdaUrl()).then().statusCode(200).extract().asString());
    }

    @Test
    void aCountPerOutcomeByEnvironmentAndTrigger() throws Exception {
        long before = Instant.now().toEpochMilli();
        try (LogCapture logs = LogCapture.of(EmfWriter.LOGGER)) {
            String trained = """
                    {"version": "0", "id": "evt-metrics-1", "detail-type": "Model Trained",
                     "source": "mask-recommender.training", "account": "000000000000", "time": "2026-11-28T05:10:00Z",
                     "region": "us-east-1", "resources": [],
                     "detail": {"environment": "staging", "model_version": "%s", "trigger": "schedule"}}"""
                    .formatted(DeployWorld.model);
            JsonNode released = invoke(trained);
            assertThat(released.path("status").asText()).as(released.toString()).isEqualTo("succeeded");
            assertThat(invoke(trained).path("status").asText()).isEqualTo("duplicate");
            JsonNode failed = invoke("{\"action\": \"deploy\", \"tag\": \"staging-recommender-v9.9.9\","
                    + " \"event_id\": \"metrics-tag-1\"}");
            assertThat(failed.path("status").asText()).as(failed.toString()).isEqualTo("failed");
            // the first release created live, so there is no earlier version to go back to: refused, recorded
            JsonNode back = invoke("{\"action\": \"rollback\", \"environment\": \"staging\", \"actor\": \"mara\"}");
            assertThat(back.path("status").asText()).as(back.toString()).isEqualTo("refused");
            invoke("{\"action\": \"status\", \"environment\": \"staging\"}");

            List<EmfRecord> records = logs.messages(EmfWriter.LOGGER).stream().map(EmfRecord::parse).toList();
            assertThat(records).hasSize(3);  // the release, the failed tag release, the rollback
            for (EmfRecord r : records) {
                assertThat(r.namespace()).isEqualTo("MaskRecommender");
                assertThat(r.dimensions()).containsExactly(List.of("Environment", "Trigger"));
                assertThat(r.member("Environment").asText()).isEqualTo("staging");
                assertThat(r.timestamp()).isBetween(before, Instant.now().toEpochMilli());
                assertThat(r.member("function").asText()).isEqualTo(DeployWorld.FUNCTION);
            }

            EmfRecord release = records.get(0);
            assertThat(release.member("Trigger").asText()).isEqualTo("schedule");
            assertThat(release.units()).containsExactly(Map.entry("ReleaseSucceeded", "Count"),
                    Map.entry("ReleaseFailed", "Count"), Map.entry("ReleaseRefused", "Count"));
            assertThat(List.of(release.value("ReleaseSucceeded"), release.value("ReleaseFailed"),
                    release.value("ReleaseRefused"))).containsExactly(1.0, 0.0, 0.0);
            assertThat(release.member("to_version").asText())
                    .isEqualTo(released.path("entry").path("to_version").asText());
            assertThat(release.member("model_version").asText()).isEqualTo(DeployWorld.model);
            assertThat(release.member("event_id").asText()).isEqualTo("evt-metrics-1");

            EmfRecord tag = records.get(1);
            assertThat(tag.member("Trigger").asText()).isEqualTo("tag");
            assertThat(List.of(tag.value("ReleaseSucceeded"), tag.value("ReleaseFailed"), tag.value("ReleaseRefused")))
                    .containsExactly(0.0, 1.0, 0.0);
            assertThat(tag.member("tag").asText()).isEqualTo("staging-recommender-v9.9.9");

            EmfRecord rollback = records.get(2);
            assertThat(rollback.member("Trigger").asText()).isEqualTo("manual");
            assertThat(rollback.units()).containsExactly(Map.entry("RollbackSucceeded", "Count"),
                    Map.entry("RollbackFailed", "Count"), Map.entry("RollbackRefused", "Count"));
            assertThat(List.of(rollback.value("RollbackSucceeded"), rollback.value("RollbackFailed"),
                    rollback.value("RollbackRefused"))).containsExactly(0.0, 0.0, 1.0);
        }
    }
}
