package org.maskrecommender.training.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import org.maskrecommender.core.data.FitTestCsv;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.training.data.TrainingDataLoader;

/**
 * The packaged handler, invoked through Quarkus's mock Lambda event server, trains and publishes to
 * a real S3 API server.
 */
@QuarkusTest
@QuarkusTestResource(S3ProxyResource.class)
class TrainingHandlerTest {

    private final ObjectMapper mapper = Json.newMapper();

    /** The mock event server, on this module's own port; an event POSTed there is one invocation. */
    static String lambdaUrl() {
        return "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port",
                Integer.class);
    }

    @Test
    void trainsFromS3DataAndPublishesToS3() throws Exception {
        try (S3Client s3 = S3ProxyResource.server.client()) {
            byte[] csv = FitTestCsv.write(TrainingDataLoader.sampleRows(new TrainingDataLoader.SampleSettings(42, 400)));
            s3.putObject(PutObjectRequest.builder().bucket(S3ProxyResource.bucket).key("exports/fit-tests.csv").build(),
                    RequestBody.fromBytes(csv));

            JsonNode response = invoke(Map.of("environment", "staging",
                    "data_source", "s3://" + S3ProxyResource.bucket + "/exports/fit-tests.csv", "trigger", "schedule"));

            assertThat(response.path("status").asText()).isEqualTo("published");
            String version = response.path("version").asText();
            assertThat(version).matches("\\d{8}T\\d{6}Z-[0-9a-f]{8}");
            assertThat(response.path("environment").asText()).isEqualTo("staging");
            assertThat(response.path("trigger").asText()).isEqualTo("schedule");
            assertThat(response.path("metrics").path("roc_auc").asDouble()).isGreaterThan(0.7);
            assertThat(response.path("rows").path("read").asInt()).isGreaterThan(2000);
            assertThat(response.path("rows").path("dropped").has("mask_modded")).isTrue();

            JsonNode latest = mapper.readTree(get(s3, "staging/models/latest.json"));
            assertThat(latest.path("version").asText()).isEqualTo(version);
            JsonNode manifest = mapper.readTree(get(s3, "staging/models/" + version + "/manifest.json"));
            assertThat(manifest.path("training_data").path("location").asText()).endsWith("exports/fit-tests.csv");
            assertThat(get(s3, "staging/models/" + version + "/model.onnx")).isNotEmpty();
            assertThat(mapper.readTree(get(s3, "staging/models/" + version + "/masks.json")).isArray()).isTrue();
        }
    }

    @Test
    void anEventForAnotherEnvironmentIsRefused() throws Exception {
        JsonNode response = invoke(Map.of("environment", "production"));
        assertThat(response.path("status").asText()).isEqualTo("failed");
        assertThat(response.path("error").path("code").asText()).isEqualTo("invalid_request");
        assertThat(response.path("error").path("message").asText()).contains("staging").contains("production");
    }

    @Test
    void unreadableDataIsAClearFailureAndPublishesNothing() throws Exception {
        try (S3Client s3 = S3ProxyResource.server.client()) {
            String before = latestOrNull(s3);
            JsonNode response = invoke(Map.of("data_source", "s3://" + S3ProxyResource.bucket + "/exports/missing.csv"));
            assertThat(response.path("status").asText()).isEqualTo("failed");
            assertThat(response.path("error").path("code").asText()).isEqualTo("data_unavailable");
            assertThat(response.path("error").path("message").asText()).contains("exports/missing.csv");
            assertThat(latestOrNull(s3)).isEqualTo(before);
        }
    }

    @Test
    void anInputAboveMaxRowsIsRefusedBeforeTrainingAndPublishesNothing() throws Exception {
        try (S3Client s3 = S3ProxyResource.server.client()) {
            // ~5,600 rows against the test profile's mask-recommender.max-rows=5000
            byte[] csv = FitTestCsv.write(TrainingDataLoader.sampleRows(new TrainingDataLoader.SampleSettings(42, 700)));
            s3.putObject(PutObjectRequest.builder().bucket(S3ProxyResource.bucket).key("exports/too-large.csv").build(),
                    RequestBody.fromBytes(csv));
            String before = latestOrNull(s3);

            JsonNode response = invoke(Map.of("data_source", "s3://" + S3ProxyResource.bucket + "/exports/too-large.csv"));

            assertThat(response.path("status").asText()).isEqualTo("failed");
            assertThat(response.path("error").path("code").asText()).isEqualTo("input_too_large");
            assertThat(response.path("error").path("message").asText()).contains("exports/too-large.csv")
                    .contains("more than 5,000 rows").contains("TRAINING_MAX_ROWS");
            assertThat(latestOrNull(s3)).isEqualTo(before);
        }
    }

    private JsonNode invoke(Map<String, Object> event) throws Exception {
        String body = given().contentType("application/json").body(mapper.writeValueAsString(event))
                .when().post(lambdaUrl())
                .then().statusCode(200)
                .extract().asString();
        return mapper.readTree(body);
    }

    private static byte[] get(S3Client s3, String key) {
        return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(S3ProxyResource.bucket).key(key).build())
                .asByteArray();
    }

    private static String latestOrNull(S3Client s3) {
        try {
            return new String(get(s3, "staging/models/latest.json"));
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return null;
        }
    }
}
