package org.maskrecommender.inference.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

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
 * What the inference handler logs, through the mock event server in a container of its own (so its first
 * invocation is a cold start): one EMF record per invocation, printed as the bare JSON line CloudWatch reads,
 * and no facial measurement anywhere in the log.
 */
@QuarkusTest
@QuarkusTestResource(ModelFixture.class)
@TestProfile(InferenceMetricsTest.FreshContainer.class)
class InferenceMetricsTest {

    /** A profile of its own: Quarkus starts this test class a new application, i.e. a new container. */
    public static class FreshContainer implements QuarkusTestProfile {
    }

    /** Measurements no log line should ever hold; odd decimals, so no id, time or count matches them by chance. */
    private static final List<String> VALUES = List.of("52.7311", "98.4127", "110.5839", "107.2953", "251.6047",
            "3.8159");
    private static final String FACE = "{\"nose_mm\": 52.7311, \"chin_mm\": 98.4127, \"top_cheek_mm\": 110.5839,"
            + " \"mid_cheek_mm\": 107.2953, \"strap_mm\": 251.6047, \"facial_hair_beard_length_mm\": 3.8159}";
    private final ObjectMapper mapper = Json.newMapper();

    private JsonNode invoke(String event) throws Exception {
        return mapper.readTree(given().contentType("application/json").body(event).when()
                .post(InferenceHandlerTest.lambdaUrl()).then().statusCode(200).extract().asString());
    }

    @Test
    void oneEmfRecordPerInvocationAndNoMeasurementInTheLog() throws Exception {
        long before = Instant.now().toEpochMilli();
        try (LogCapture logs = LogCapture.of("", EmfWriter.LOGGER)) {
            JsonNode ranked = invoke("{\"facial_measurements\": " + FACE + ", \"limit\": 5}");
            assertThat(ranked.path("recommendations")).hasSize(5);
            // refused: a beard length out of range, the other values as sent
            JsonNode refused = invoke("{\"facial_measurements\": " + FACE.replace("3.8159", "-3.8159") + "}");
            assertThat(refused.path("error").path("code").asText()).isEqualTo("invalid_request");
            JsonNode overHttp = invoke("{\"version\": \"2.0\", \"headers\": {}, \"requestContext\": {}, \"body\": "
                    + mapper.writeValueAsString("{\"facial_measurements\": " + FACE + ", \"mask_ids\": [1, 3]}")
                    + "}");
            assertThat(overHttp.path("statusCode").asInt()).isEqualTo(200);

            List<String> lines = logs.messages(EmfWriter.LOGGER);
            assertThat(lines).hasSize(3);
            List<EmfRecord> records = lines.stream().map(EmfRecord::parse).toList();
            for (EmfRecord r : records) {
                assertThat(r.namespace()).isEqualTo("MaskRecommender");
                assertThat(r.dimensions()).containsExactly(List.of("Environment"));
                assertThat(r.member("Environment").asText()).isEqualTo("staging");
                assertThat(r.timestamp()).isBetween(before, Instant.now().toEpochMilli());
                assertThat(r.units()).containsOnly(Map.entry("Latency", "Milliseconds"),
                        Map.entry("MasksScored", "Count"), Map.entry("ColdStart", "Count"),
                        Map.entry("Ok", "Count"), Map.entry("InvalidRequest", "Count"),
                        Map.entry("ModelUnavailable", "Count"), Map.entry("InternalError", "Count"));
                assertThat(r.value("Latency")).isPositive();
                assertThat(r.member("request_id").asText()).isNotBlank();
            }
            EmfRecord ok = records.get(0);
            assertThat(ok.value("ColdStart")).isEqualTo(1);
            assertThat(ok.value("Ok")).isEqualTo(1);
            assertThat(ok.value("InvalidRequest") + ok.value("ModelUnavailable") + ok.value("InternalError")).isZero();
            assertThat(ok.value("MasksScored")).isGreaterThan(5);  // the whole catalogue, of which 5 were answered
            // the model version is a property, not a dimension
            assertThat(ok.member("model_version").asText()).isEqualTo(ModelFixture.published);

            EmfRecord invalid = records.get(1);
            assertThat(invalid.value("ColdStart")).isZero();
            assertThat(invalid.value("InvalidRequest")).isEqualTo(1);
            assertThat(invalid.value("Ok") + invalid.value("ModelUnavailable") + invalid.value("InternalError"))
                    .isZero();
            assertThat(invalid.value("MasksScored")).isZero();

            EmfRecord http = records.get(2);
            assertThat(http.value("Ok")).isEqualTo(1);
            assertThat(http.value("MasksScored")).isEqualTo(2);

            // what the console prints for the metrics logger: the record alone, one JSON object per line
            Logger metricsLogger = Logger.getLogger(EmfWriter.LOGGER);
            LogRecord emitted = logs.records().stream()
                    .filter(r -> EmfWriter.LOGGER.equals(r.getLoggerName())).findFirst().orElseThrow();
            List<Handler> printing = List.of(metricsLogger.getHandlers()).stream().filter(h -> h != logs).toList();
            assertThat(printing).hasSize(1);
            assertThat(printing.get(0).getFormatter().format(emitted)).isEqualTo(lines.get(0) + System.lineSeparator());

            String logged = logs.text();
            assertThat(logged).contains(ModelFixture.published);  // the capture did see the invocation logs
            for (String value : VALUES) {
                assertThat(logged).doesNotContain(value);
            }
        }
    }
}
