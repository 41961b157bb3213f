package org.maskrecommender.inference.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.maskrecommender.core.json.Json;

/**
 * The packaged inference handler, invoked through Quarkus's mock Lambda event server, serving a
 * model the training pipeline published to a real S3 API server.
 */
@QuarkusTest
@QuarkusTestResource(ModelFixture.class)
class InferenceHandlerTest {

    static final String FACE = "{\"nose_mm\": 52.1, \"chin_mm\": 98.0, \"top_cheek_mm\": 110.4, \"mid_cheek_mm\": 107.9,"
            + " \"strap_mm\": 251.0, \"facial_hair_beard_length_mm\": 0}";
    private final ObjectMapper mapper = Json.newMapper();

    /** The mock event server, on this module's own port; an event POSTed there is one invocation. */
    static String lambdaUrl() {
        return "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port",
                Integer.class);
    }

    JsonNode invoke(String event) throws Exception {
        return mapper.readTree(given().contentType("application/json").body(event).when().post(lambdaUrl())
                .then().statusCode(200).extract().asString());
    }

    @Test
    void ranksTheCatalogueWithThePublishedModel() throws Exception {
        JsonNode r = invoke("{\"method\": \"infer\", \"facial_measurements\": " + FACE + ", \"limit\": 10}");
        JsonNode recs = r.path("recommendations");
        assertThat(recs).hasSize(10);
        assertThat(recs.get(0).path("rank").asInt()).isEqualTo(1);
        assertThat(recs.get(0).path("proba_fit").asDouble()).isGreaterThanOrEqualTo(recs.get(9).path("proba_fit").asDouble());
        assertThat(r.path("model").path("version").asText()).isEqualTo(ModelFixture.published);
        assertThat(r.path("model").path("environment").asText()).isEqualTo("staging");
        assertThat(r.path("model").path("metrics").path("roc_auc").asDouble()).isGreaterThan(0.7);
        assertThat(r.path("unscored_mask_ids").isArray()).isTrue();
        for (JsonNode rec : recs) {
            assertThat(rec.path("perimeter_diff_mm").isNumber()).isTrue();
            assertThat(rec.path("size_fit").path("verdict").asText()).isIn("smaller_than_best", "near_best",
                    "larger_than_best");
            assertThat(rec.path("support").asInt()).isPositive();
            assertThat(rec.path("family_seen").asBoolean()).isTrue();
        }
    }

    @Test
    void filtersKeepOnlyWhatTheyNameAndAnUnknownStyleListsTheAllowedOnes() throws Exception {
        JsonNode boats = invoke("{\"facial_measurements\": " + FACE + ", \"styles\": [\"Boat\"], \"limit\": 4}");
        assertThat(boats.path("recommendations")).hasSize(4);
        assertThat(boats.path("recommendations").findValuesAsText("style")).containsOnly("Boat");
        JsonNode unknown = invoke("{\"facial_measurements\": " + FACE + ", \"strap_types\": [\"Velcro\"]}");
        assertThat(unknown.path("error").path("code").asText()).isEqualTo("invalid_request");
        assertThat(unknown.path("error").path("message").asText()).contains("allowed values").contains("\"Headstrap\"");
    }

    @Test
    void withoutTheSettingTheDocumentedApiStaysStrictAboutTheBeardLength() throws Exception {
        JsonNode r = invoke("{\"facial_measurements\": {\"nose_mm\": 52, \"chin_mm\": 98, \"top_cheek_mm\": 110,"
                + " \"mid_cheek_mm\": 108, \"strap_mm\": 250}, \"model_type\": \"custom_lr\"}");
        assertThat(r.path("error").path("message").asText())
                .contains("facial_measurements.facial_hair_beard_length_mm is required");
    }

    @Test
    void subsetWithUnknownIdsAndLegacyFormat() throws Exception {
        JsonNode r = invoke("{\"facial_measurements\": " + FACE + ", \"mask_ids\": [3, 1, 424242]}");
        assertThat(r.path("recommendations").findValuesAsText("mask_id")).containsExactlyInAnyOrder("1", "3");
        assertThat(r.path("unknown_mask_ids")).extracting(JsonNode::asLong).containsExactly(424242L);

        JsonNode legacy = invoke("{\"facial_measurements\": " + FACE + ", \"mask_ids\": [3, 1],"
                + " \"response_format\": \"breathesafe\"}");
        assertThat(legacy.path("statusCode").asInt()).isEqualTo(200);
        JsonNode body = mapper.readTree(legacy.path("body").asText());
        assertThat(List.of(body.path("mask_id").path("0").asText(), body.path("mask_id").path("1").asText()))
                .containsExactlyElementsOf(r.path("recommendations").findValuesAsText("mask_id"));
        assertThat(body.path("proba_fit").path("0").asDouble())
                .isEqualTo(r.path("recommendations").get(0).path("proba_fit").asDouble());
    }

    @Test
    void warmupLoadsAndDescribesTheModel() throws Exception {
        JsonNode r = invoke("{\"method\": \"warmup\"}");
        assertThat(r.path("status").asText()).isEqualTo("warm");
        assertThat(r.path("model").path("version").asText()).isEqualTo(ModelFixture.published);
    }

    @Test
    void functionUrlEventsGetHttpStatusCodes() throws Exception {
        String ok = "{\"version\": \"2.0\", \"rawPath\": \"/\", \"headers\": {}, \"requestContext\": {\"http\": "
                + "{\"method\": \"POST\"}}, \"isBase64Encoded\": false, \"body\": "
                + mapper.writeValueAsString("{\"facial_measurements\": " + FACE + ", \"limit\": 1}") + "}";
        JsonNode r = invoke(ok);
        assertThat(r.path("statusCode").asInt()).isEqualTo(200);
        assertThat(mapper.readTree(r.path("body").asText()).path("recommendations")).hasSize(1);

        String bad = ok.replace("52.1", "-1");
        JsonNode refused = invoke(bad);
        assertThat(refused.path("statusCode").asInt()).isEqualTo(400);
        assertThat(refused.path("body").asText()).contains("facial_measurements.nose_mm");
    }

    @Test
    void servedProbabilitiesEqualTheOnesTrainingVerified() throws Exception {
        var store = new org.maskrecommender.core.store.ModelStore(new org.maskrecommender.core.store.S3BlobStore(
                ModelFixture.s3, ModelFixture.bucket, "staging"), mapper);
        var refs = store.manifest(ModelFixture.published).referencePredictions();
        assertThat(refs).hasSizeGreaterThanOrEqualTo(8);
        for (var ref : refs.subList(0, 8)) {
            String event = "{\"facial_measurements\": " + mapper.writeValueAsString(ref.face()) + ", \"mask_ids\": ["
                    + ref.mask().id() + "]}";
            JsonNode r = invoke(event);
            assertThat(r.path("recommendations").get(0).path("proba_fit").asDouble())
                    .isCloseTo(ref.probability(), org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"facial_measurements\": ",
        "{\"facial_measurements\": {\"nose_mm\": 52}}",
        "{\"method\": \"explode\"}",
        "{\"facial_measurements\": " + FACE + ", \"limit\": 0}",
        "{\"facial_measurements\": " + FACE + ", \"mask_ids\": []}"})
    void badRequestsAreInvalidRequestNeverAGuess(String event) throws Exception {
        JsonNode r = invoke(event);
        assertThat(r.path("error").path("code").asText()).isEqualTo("invalid_request");
        assertThat(r.path("error").path("message").asText()).isNotBlank();
        assertThat(r.has("recommendations")).isFalse();
    }
}
