package org.maskrecommender.training.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMailUtil;
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
import org.maskrecommender.core.metrics.EmfWriter;
import org.maskrecommender.testkit.logs.EmfRecord;
import org.maskrecommender.testkit.logs.LogCapture;
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

            JsonNode response;
            EmfRecord metrics;
            try (LogCapture logs = LogCapture.of(EmfWriter.LOGGER)) {
                response = invoke(Map.of("environment", "staging",
                        "data_source", "s3://" + S3ProxyResource.bucket + "/exports/fit-tests.csv",
                        "trigger", "schedule"));
                assertThat(logs.messages(EmfWriter.LOGGER)).hasSize(1);
                metrics = EmfRecord.parse(logs.messages(EmfWriter.LOGGER).get(0));
            }

            assertThat(response.path("status").asText()).isEqualTo("published");
            String version = response.path("version").asText();
            assertThat(version).matches("\\d{8}T\\d{6}Z-[0-9a-f]{8}");
            assertThat(response.path("environment").asText()).isEqualTo("staging");
            assertThat(response.path("trigger").asText()).isEqualTo("schedule");
            assertThat(response.path("metrics").path("roc_auc").asDouble()).isGreaterThan(0.7);
            assertThat(response.path("rows").path("read").asInt()).isGreaterThan(2000);
            assertThat(response.path("rows").path("dropped").has("mask_modded")).isTrue();

            // the run's metrics record: held-out quality, data, time, promotion; the version as a property
            assertThat(metrics.namespace()).isEqualTo("MaskRecommender");
            assertThat(metrics.dimensions()).containsExactly(List.of("Environment"));
            assertThat(metrics.member("Environment").asText()).isEqualTo("staging");
            assertThat(metrics.units()).containsExactly(Map.entry("RocAuc", "None"), Map.entry("RowsKept", "Count"),
                    Map.entry("RowsDropped", "Count"), Map.entry("Seconds", "Seconds"), Map.entry("Promoted", "Count"));
            assertThat(metrics.value("RocAuc")).isEqualTo(response.path("metrics").path("roc_auc").asDouble());
            assertThat(metrics.value("RowsKept")).isEqualTo(response.path("rows").path("kept").asInt());
            assertThat(metrics.value("RowsDropped")).isPositive()
                    .isEqualTo(response.path("rows").path("read").asInt() - response.path("rows").path("kept").asInt());
            assertThat(metrics.value("Seconds")).isPositive().isEqualTo(response.path("seconds").asDouble());
            assertThat(metrics.value("Promoted")).isEqualTo(response.path("promoted").asBoolean() ? 1 : 0);
            assertThat(metrics.member("model_version").asText()).isEqualTo(version);
            assertThat(metrics.member("trigger").asText()).isEqualTo("schedule");

            JsonNode latest = mapper.readTree(get(s3, "staging/models/latest.json"));
            assertThat(latest.path("version").asText()).isEqualTo(version);
            JsonNode manifest = mapper.readTree(get(s3, "staging/models/" + version + "/manifest.json"));
            assertThat(manifest.path("training_data").path("location").asText()).endsWith("exports/fit-tests.csv");
            assertThat(get(s3, "staging/models/" + version + "/model.onnx")).isNotEmpty();
            assertThat(mapper.readTree(get(s3, "staging/models/" + version + "/masks.json")).isArray()).isTrue();
        }
    }

    @Test
    void anEventForAnotherEnvironmentIsAFunctionError() throws Exception {
        int mailsBefore = S3ProxyResource.smtp.getReceivedMessages().length;
        JsonNode error = invokeFailing(Map.of("environment", "production", "trigger", "manual"));
        assertThat(error.path("errorType").asText()).isEqualTo(TrainingFailure.class.getName() + "$invalid_request");
        assertThat(error.path("errorMessage").asText()).contains("staging").contains("production");
        MimeMessage mail = lastMail(mailsBefore);
        assertThat(mail.getSubject()).isEqualTo("[mask-recommender] staging training failed [invalid_request]");
    }

    @Test
    void unreadableDataIsAFunctionErrorAfterTheEmailAndPublishesNothing() throws Exception {
        try (S3Client s3 = S3ProxyResource.server.client()) {
            String before = latestOrNull(s3);
            int mailsBefore = S3ProxyResource.smtp.getReceivedMessages().length;
            JsonNode error = invokeFailing(Map.of("data_source",
                    "s3://" + S3ProxyResource.bucket + "/exports/missing.csv", "trigger", "schedule"));
            assertThat(error.path("errorType").asText()).isEqualTo(TrainingFailure.class.getName() + "$data_unavailable");
            assertThat(error.path("errorMessage").asText()).contains("exports/missing.csv");
            assertThat(latestOrNull(s3)).isEqualTo(before);

            MimeMessage mail = lastMail(mailsBefore);
            assertThat(mail.getSubject()).isEqualTo("[mask-recommender] staging training failed [data_unavailable]");
            assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("ml-team@example.org");
            assertThat(GreenMailUtil.getBody(mail)).contains("trigger: schedule").contains("exports/missing.csv")
                    .contains("Nothing was promoted");
        }
    }

    @Test
    void badDataIsAFunctionErrorWithItsCode() throws Exception {
        try (S3Client s3 = S3ProxyResource.server.client()) {
            s3.putObject(PutObjectRequest.builder().bucket(S3ProxyResource.bucket).key("exports/broken.csv").build(),
                    RequestBody.fromString("this is not,a fit-test export\n1,2\n"));
            int mailsBefore = S3ProxyResource.smtp.getReceivedMessages().length;
            JsonNode error = invokeFailing(Map.of("data_source",
                    "s3://" + S3ProxyResource.bucket + "/exports/broken.csv", "trigger", "tag"));
            assertThat(error.path("errorType").asText()).isEqualTo(TrainingFailure.class.getName() + "$invalid_data");
            assertThat(lastMail(mailsBefore).getSubject()).endsWith("[invalid_data]");
        }
    }

    /** A failed run: the mock event server answers 500 with the error Lambda's runtime API was sent. */
    private JsonNode invokeFailing(Map<String, Object> event) throws Exception {
        return mapper.readTree(given().contentType("application/json").body(mapper.writeValueAsString(event))
                .when().post(lambdaUrl()).then().statusCode(500).extract().asString());
    }

    /** The one email sent since there were {@code before}. */
    static MimeMessage lastMail(int before) {
        MimeMessage[] mails = S3ProxyResource.smtp.getReceivedMessages();
        assertThat(mails).hasSize(before + 1);
        return mails[mails.length - 1];
    }

    @Test
    void anInputAboveMaxRowsIsRefusedBeforeTrainingAndPublishesNothing() throws Exception {
        try (S3Client s3 = S3ProxyResource.server.client()) {
            // ~5,600 rows against the test profile's mask-recommender.max-rows=5000
            byte[] csv = FitTestCsv.write(TrainingDataLoader.sampleRows(new TrainingDataLoader.SampleSettings(42, 700)));
            s3.putObject(PutObjectRequest.builder().bucket(S3ProxyResource.bucket).key("exports/too-large.csv").build(),
                    RequestBody.fromBytes(csv));
            String before = latestOrNull(s3);

            JsonNode error = invokeFailing(Map.of("data_source",
                    "s3://" + S3ProxyResource.bucket + "/exports/too-large.csv"));

            assertThat(error.path("errorType").asText()).isEqualTo(TrainingFailure.class.getName() + "$input_too_large");
            assertThat(error.path("errorMessage").asText()).contains("exports/too-large.csv")
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
