package org.maskrecommender.training.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.metrics.EmfWriter;
import org.maskrecommender.testkit.logs.EmfRecord;
import org.maskrecommender.testkit.logs.LogCapture;

/**
 * A promoted version whose Model Trained event cannot be put (the EventBridge endpoint refuses connections): the
 * version stays published and promoted, the run's metrics are written, the failure is emailed, and the invocation
 * ends as a function error of type {@code …TrainingFailure$event_failed}: without the event nothing releases it.
 */
@QuarkusTest
@QuarkusTestResource(S3ProxyResource.class)
@TestProfile(EventFailureTest.UnreachableBus.class)
class EventFailureTest {

    /** EventBridge at a loopback port nothing listens on; a store of its own, so the first run is promoted. */
    public static class UnreachableBus implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String bucket = "s3://${" + S3ProxyResource.BUCKET_PROPERTY + "}/";
            return Map.of("mask-recommender.eventbridge-client.endpoint-override", "http://127.0.0.1:1",
                    "mask-recommender.model-store", bucket + "unreachable-bus",
                    "mask-recommender.data-source", bucket + S3ProxyResource.SMALL_EXPORT_KEY);
        }
    }

    private final ObjectMapper mapper = Json.newMapper();

    @Test
    void anEventThatCannotBePutIsAFunctionError() throws Exception {
        int mailsBefore = S3ProxyResource.smtp.getReceivedMessages().length;
        JsonNode error;
        EmfRecord metrics;
        try (LogCapture logs = LogCapture.of(EmfWriter.LOGGER)) {
            error = mapper.readTree(given().contentType("application/json")
                    .body("{\"environment\": \"staging\", \"trigger\": \"schedule\"}")
                    .when().post(TrainingHandlerTest.lambdaUrl()).then().statusCode(500).extract().asString());
            metrics = EmfRecord.parse(logs.messages(EmfWriter.LOGGER).get(0));
        }
        assertThat(error.path("errorType").asText()).isEqualTo(TrainingFailure.class.getName() + "$event_failed");
        assertThat(error.path("errorMessage").asText()).startsWith("published and promoted ")
                .contains("Model Trained event could not be put");

        // published and promoted all the same: latest.json names the version the metrics record names
        String version = metrics.member("model_version").asText();
        assertThat(metrics.value("Promoted")).isEqualTo(1);
        assertThat(error.path("errorMessage").asText()).contains(version);
        try (S3Client s3 = S3ProxyResource.server.client()) {
            JsonNode latest = mapper.readTree(s3.getObjectAsBytes(b -> b.bucket(S3ProxyResource.bucket)
                    .key("unreachable-bus/models/latest.json")).asByteArray());
            assertThat(latest.path("version").asText()).isEqualTo(version);
        }

        MimeMessage mail = TrainingHandlerTest.lastMail(mailsBefore);
        assertThat(mail.getSubject()).isEqualTo("[mask-recommender] staging training failed [event_failed]");
        assertThat(GreenMailUtil.getBody(mail)).contains(version).contains("Release it by hand");
    }
}
