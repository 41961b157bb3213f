package org.maskrecommender.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.training.SampleModels;

/**
 * A function whose default format is {@code breathesafe} (a deployment serving the Breathesafe app): the app's
 * requests, which name no format, get the legacy shape; its missing beard length reads as 0 and is counted in the log;
 * its {@code model_type} and {@code apply_empirical_cap} are logged and change nothing; the documented API stays
 * strict. The inference module's contract test replays the app's exact payloads through the Lambda handler.
 */
class LegacyClientTest {

    @TempDir
    static Path dir;

    static final String FIVE = "{\"nose_mm\": 52.1, \"chin_mm\": 98.0, \"top_cheek_mm\": 110.4, \"mid_cheek_mm\": 107.9,"
            + " \"strap_mm\": 251.0";
    private static final ObjectMapper MAPPER = Json.newMapper();
    private static ModelHolder holder;
    private static InferenceService legacy;
    private static InferenceService documented;

    @BeforeAll
    static void load() {
        ModelStore store = new ModelStore(new LocalBlobStore(dir), MAPPER);
        SampleModels.publish(store, Environment.STAGING, 400);
        holder = new ModelHolder(ModelLoader.latest(store, Environment.STAGING, MAPPER));
        legacy = new InferenceService(holder, MAPPER, InferenceRequest.ResponseFormat.BREATHESAFE);
        documented = new InferenceService(holder, MAPPER);
    }

    @AfterAll
    static void close() {
        holder.close();
    }

    private static InferenceService.Answer call(InferenceService s, String event) {
        InferenceService.Answer a = s.handle(event.getBytes(StandardCharsets.UTF_8), "app");
        assertThat(a.failure()).isNull();
        return a;
    }

    private static JsonNode body(InferenceService.Answer a) throws Exception {
        assertThat(a.response().path("statusCode").asInt()).as(a.response().toString()).isEqualTo(200);
        return MAPPER.readTree(a.response().path("body").asText());
    }

    @Test
    void aMissingBeardLengthReadsAsZeroInTheLegacyFormatAndIsCounted() throws Exception {
        InferenceService.Answer without = call(legacy, "{\"method\": \"infer\", \"facial_measurements\": " + FIVE
                + "}, \"model_type\": \"custom_lr\", \"apply_empirical_cap\": true}");
        InferenceService.Answer withZero = call(legacy, "{\"method\": \"infer\", \"facial_measurements\": " + FIVE
                + ", \"facial_hair_beard_length_mm\": 0}, \"model_type\": \"custom_lr\"}");
        InferenceService.Answer withNull = call(legacy, "{\"facial_measurements\": " + FIVE
                + ", \"facial_hair_beard_length_mm\": null}}");
        assertThat(body(without).path("proba_fit")).isEqualTo(body(withZero).path("proba_fit"));
        assertThat(body(withNull).path("proba_fit")).isEqualTo(body(withZero).path("proba_fit"));
        assertThat(body(without).path("mask_id").size()).isGreaterThan(10);

        String line = MAPPER.writeValueAsString(without.log());
        assertThat(MAPPER.readTree(line).path("beard_length_defaulted").asBoolean()).isTrue();
        assertThat(MAPPER.readTree(line).path("model_type").asText()).isEqualTo("custom_lr");
        assertThat(MAPPER.readTree(line).path("apply_empirical_cap").asText()).isEqualTo("true");
        assertThat(line).doesNotContain("nose").doesNotContain("52.1");
        assertThat(MAPPER.readTree(MAPPER.writeValueAsString(withZero.log())).has("beard_length_defaulted")).isFalse();
    }

    @Test
    void theDocumentedApiStaysStrictAboutTheBeardLength() {
        JsonNode refused = call(documented, "{\"facial_measurements\": " + FIVE + "}}").response();
        assertThat(refused.path("error").path("message").asText())
                .contains("facial_measurements.facial_hair_beard_length_mm is required");
        JsonNode asked = call(legacy, "{\"facial_measurements\": " + FIVE + "}, \"response_format\": \"default\"}")
                .response();
        assertThat(asked.path("error").path("code").asText()).isEqualTo("invalid_request");
        JsonNode wrongType = call(legacy, "{\"facial_measurements\": " + FIVE
                + ", \"facial_hair_beard_length_mm\": \"none\"}}").response();
        assertThat(wrongType.path("error").path("message").asText()).contains("must be a JSON number");
    }

    @Test
    void aRequestThatNamesTheDocumentedFormatGetsItFromALegacyFunction() {
        JsonNode r = call(legacy, "{\"facial_measurements\": " + FIVE + ", \"facial_hair_beard_length_mm\": 0},"
                + " \"response_format\": \"default\", \"limit\": 2}").response();
        assertThat(r.path("recommendations")).hasSize(2);
        assertThat(r.path("recommendations").get(0).has("size_fit")).isTrue();
    }

    @Test
    void trainIsAnsweredWithAnErrorThatPointsToTheTrainingFunction() {
        InferenceService.Answer a = call(legacy, "{\"method\": \"train\", \"epochs\": 100, \"learning_rate\": 0.0001,"
                + " \"retrain_with_full\": true, \"target_col\": \"target\"}");
        assertThat(a.response().path("error").path("code").asText()).isEqualTo("invalid_request");
        assertThat(a.response().path("error").path("message").asText()).contains("training function")
                .contains(Environment.STAGING.trainingFunction()).contains(Environment.PRODUCTION.trainingFunction());
    }

    @Test
    void warmupWithAModelTypeIsAnsweredInTheLegacyShape() throws Exception {
        InferenceService.Answer a = call(legacy, "{\"method\": \"warmup\", \"model_type\": \"custom_lr\"}");
        assertThat(body(a).path("status").asText()).isEqualTo("warm");
        assertThat(a.log().modelType()).isEqualTo("custom_lr");
    }
}
