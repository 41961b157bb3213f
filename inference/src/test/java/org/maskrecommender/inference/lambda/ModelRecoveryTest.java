package org.maskrecommender.inference.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.metrics.EmfWriter;
import org.maskrecommender.testkit.logs.EmfRecord;
import org.maskrecommender.testkit.logs.LogCapture;

/**
 * A cold container whose store has no model yet: its start tries to load one, fails without stopping the function
 * (logged and counted), and the function answers {@code model_unavailable}
 * (503 over HTTP), refuses a tampered version, and serves as soon as a good version is published (with the
 * failure backoff off; ModelHolderBackoffTest covers it).
 */
@QuarkusTest
@QuarkusTestResource(ModelFixture.class)
@TestProfile(ModelRecoveryTest.EmptyStore.class)
class ModelRecoveryTest {

    /** Points the function at a prefix nothing has been published to. */
    public static class EmptyStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // no backoff: each invocation below must see what the store holds at that moment
            return Map.of("mask-recommender.model-store", "s3://${" + ModelFixture.BUCKET_PROPERTY + "}/recovery",
                    "mask-recommender.model-load-backoff", "PT0S");
        }
    }

    private final ObjectMapper mapper = Json.newMapper();

    @Inject
    InferenceFunction function;

    private JsonNode invoke(String event) throws Exception {
        return mapper.readTree(given().contentType("application/json").body(event).when()
                .post(InferenceHandlerTest.lambdaUrl()).then().statusCode(200).extract().asString());
    }

    @Test
    void outageThenTamperedVersionThenRecovery() throws Exception {
        String request = "{\"facial_measurements\": " + InferenceHandlerTest.FACE + ", \"limit\": 3}";
        String overHttp = "{\"version\": \"2.0\", \"headers\": {}, \"requestContext\": {}, \"body\": "
                + mapper.writeValueAsString(request) + "}";

        Initialisation init = function.initialisation();
        assertThat(init.load()).isEmpty();
        assertThat(init.failure()).hasValueSatisfying(f -> assertThat(f).contains("latest.json"));
        assertThat(EmfRecord.parse(init.metricsLine()).value("ModelLoadedAtInit")).isZero();

        JsonNode empty;
        try (LogCapture logs = LogCapture.of(EmfWriter.LOGGER)) {
            empty = invoke(request);
            EmfRecord metrics = EmfRecord.parse(logs.messages(EmfWriter.LOGGER).get(0));
            assertThat(metrics.value("ModelUnavailable")).isEqualTo(1);
            assertThat(metrics.value("Ok") + metrics.value("InvalidRequest") + metrics.value("InternalError")).isZero();
        }
        assertThat(empty.path("error").path("code").asText()).isEqualTo("model_unavailable");
        assertThat(empty.path("error").path("message").asText()).contains("cannot be loaded").doesNotContain("latest.json");
        assertThat(invoke(overHttp).path("statusCode").asInt()).isEqualTo(503);

        String tampered = ModelFixture.publish("recovery", Environment.STAGING, 200);
        ModelFixture.s3.putObject(PutObjectRequest.builder().bucket(ModelFixture.bucket)
                .key("recovery/models/" + tampered + "/masks.json").build(), RequestBody.fromString("[]"));
        JsonNode refused = invoke(request);
        assertThat(refused.path("error").path("code").asText()).isEqualTo("model_unavailable");
        assertThat(refused.path("error").path("message").asText()).doesNotContain("masks.json").doesNotContain("sha256");

        String good = ModelFixture.publish("recovery", Environment.STAGING, 220);
        JsonNode served = invoke(request);
        assertThat(served.path("recommendations")).hasSize(3);
        assertThat(served.path("model").path("version").asText()).isEqualTo(good);
    }
}
