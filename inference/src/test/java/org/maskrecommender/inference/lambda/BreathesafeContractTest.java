package org.maskrecommender.inference.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
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

/**
 * The Breathesafe app works unchanged against a function deployed for it ({@code DEFAULT_RESPONSE_FORMAT=breathesafe}):
 * the app's exact payloads (test resources {@code breathesafe-app/}) go through the Lambda handler over Quarkus's mock
 * event server, and each answer is read the way the app's client reads it: the body from {@code body} (a JSON string)
 * or the top level, {@code error} on failure, else {@code mask_id} and {@code proba_fit} objects keyed by rank, paired
 * by key, and the {@code model} object.
 */
@QuarkusTest
@QuarkusTestResource(ModelFixture.class)
@TestProfile(BreathesafeContractTest.AppDeployment.class)
class BreathesafeContractTest {

    /** The setting a deployment serving the app has. */
    public static class AppDeployment implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mask-recommender.default-response-format", "breathesafe");
        }
    }

    private final ObjectMapper mapper = Json.newMapper();

    /** What the app's client gets back from a parse: the ranked pairs and the model, or the error it raises. */
    record ClientView(List<Pair> pairs, JsonNode model, String error, JsonNode body) {
    }

    record Pair(String key, long maskId, double probaFit) {
    }

    private JsonNode invoke(String fixture) throws IOException {
        String event;
        try (InputStream in = getClass().getResourceAsStream("/breathesafe-app/" + fixture)) {
            assertThat(in).as(fixture).isNotNull();
            event = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return mapper.readTree(given().contentType("application/json").body(event).when()
                .post(InferenceHandlerTest.lambdaUrl()).then().statusCode(200).extract().asString());
    }

    /** The app's parse_lambda_body and build_mask_collection, step by step. */
    private ClientView parseLikeTheApp(JsonNode response) throws IOException {
        JsonNode body = response;
        if (response.isObject() && response.has("body")) {
            body = response.get("body").isTextual() ? mapper.readTree(response.get("body").textValue())
                    : response.get("body");
        }
        if (body.isObject() && body.hasNonNull("error") && !body.get("error").isEmpty()) {
            return new ClientView(List.of(), null, body.get("error").toString(), body);
        }
        JsonNode masks = body.path("mask_id");
        JsonNode probabilities = body.path("proba_fit");
        assertThat(masks.isObject() && probabilities.isObject()).as("Invalid lambda response shape: " + body).isTrue();
        List<Pair> pairs = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = masks.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (probabilities.has(e.getKey())) {
                pairs.add(new Pair(e.getKey(), e.getValue().asLong(), probabilities.get(e.getKey()).asDouble()));
            }
        }
        JsonNode model = body.path("model").isObject() ? body.get("model") : null;
        return new ClientView(pairs, model, null, body);
    }

    @Test
    void aFaceScanWithoutABeardLengthGetsEveryMaskRankedWithTheModel() throws Exception {
        ClientView view = parseLikeTheApp(invoke("infer-face-scan.json"));

        assertThat(view.error()).isNull();
        assertThat(view.pairs()).hasSizeGreaterThan(20);
        for (int i = 0; i < view.pairs().size(); i++) {
            assertThat(view.pairs().get(i).key()).isEqualTo(Integer.toString(i));
            assertThat(view.pairs().get(i).probaFit()).isBetween(0.0, 1.0);
            if (i > 0) {
                assertThat(view.pairs().get(i).probaFit()).isLessThanOrEqualTo(view.pairs().get(i - 1).probaFit());
            }
        }
        assertThat(view.pairs().stream().map(Pair::maskId).distinct()).hasSameSizeAs(view.pairs());
        assertThat(view.model().path("version").asText()).isEqualTo(ModelFixture.published);
        assertThat(view.model().path("metrics").path("roc_auc").asDouble()).isGreaterThan(0.5);
    }

    @Test
    void maskIdsAndTheEmpiricalCapAreAnsweredForTheKnownMasks() throws Exception {
        ClientView view = parseLikeTheApp(invoke("infer-mask-ids.json"));

        assertThat(view.error()).isNull();
        assertThat(view.pairs()).isNotEmpty();
        assertThat(view.pairs()).extracting(Pair::maskId).isSubsetOf(1L, 2L, 3L);
        assertThat(view.body().has("recommendations")).isFalse();
    }

    @Test
    void aNullBeardLengthReadsAsNoBeard() throws Exception {
        ClientView view = parseLikeTheApp(invoke("infer-no-cap.json"));
        assertThat(view.error()).isNull();
        assertThat(view.pairs()).hasSizeGreaterThan(20);
    }

    @Test
    void anIncompleteScanIsAnErrorTheClientRaises() throws Exception {
        ClientView view = parseLikeTheApp(invoke("infer-incomplete-scan.json"));
        assertThat(view.error()).contains("invalid_request").contains("facial_measurements.nose_mm is required");
        assertThat(view.pairs()).isEmpty();
    }

    @Test
    void warmupIsAnsweredInTheShapeTheClientParses() throws Exception {
        JsonNode response = invoke("warmup.json");
        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        JsonNode body = mapper.readTree(response.path("body").asText());
        assertThat(body.path("status").asText()).isEqualTo("warm");
        assertThat(body.path("model").path("version").asText()).isEqualTo(ModelFixture.published);
    }

    @Test
    void trainIsAnErrorThatPointsToTheTrainingFunction() throws Exception {
        ClientView view = parseLikeTheApp(invoke("train.json"));
        assertThat(view.error()).contains("training function").contains("mask-recommender-training-staging");
    }

    @Test
    void aCallerThatAsksForTheDocumentedFormatStillGetsIt() throws Exception {
        JsonNode r = mapper.readTree(given().contentType("application/json").body("{\"facial_measurements\": "
                + InferenceHandlerTest.FACE + ", \"limit\": 2, \"response_format\": \"default\"}").when()
                .post(InferenceHandlerTest.lambdaUrl()).then().statusCode(200).extract().asString());
        assertThat(r.path("recommendations")).hasSize(2);
        assertThat(r.path("recommendations").get(0).path("size_fit").path("verdict").asText()).isNotBlank();
    }
}
