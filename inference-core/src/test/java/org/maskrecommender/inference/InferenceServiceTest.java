package org.maskrecommender.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

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
import org.maskrecommender.core.store.ReferencePrediction;
import org.maskrecommender.training.TrainingResult;

/** The contract of DESIGN.md "Inference contract", against a model published by the training pipeline. */
class InferenceServiceTest {

    @TempDir
    static Path dir;

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static ModelStore store;
    private static TrainingResult trained;
    private static ModelHolder holder;
    private static InferenceService service;

    @BeforeAll
    static void publishAndLoad() {
        store = new ModelStore(new LocalBlobStore(dir), MAPPER);
        trained = TrainedModels.publish(store, Environment.STAGING, 400);
        holder = new ModelHolder(ModelLoader.latest(store, Environment.STAGING, MAPPER));
        service = new InferenceService(holder, MAPPER);
    }

    @AfterAll
    static void close() {
        holder.close();
    }

    private JsonNode call(String event) {
        InferenceService.Answer answer = service.handle(event.getBytes(StandardCharsets.UTF_8), "req-1");
        assertThat(answer.failure()).isNull();
        return answer.response();
    }

    private static String infer(String extra) {
        return "{\"facial_measurements\": " + RequestParserTest.FACE + extra + "}";
    }

    @Test
    void ranksEveryMaskByProbabilityWithTheModelBlock() {
        JsonNode r = call(infer(""));
        JsonNode recs = r.path("recommendations");
        assertThat(recs.size()).isEqualTo(trained.masks());
        for (int i = 0; i < recs.size(); i++) {
            assertThat(recs.get(i).path("rank").asInt()).isEqualTo(i + 1);
            if (i > 0) {
                double prev = recs.get(i - 1).path("proba_fit").asDouble();
                double cur = recs.get(i).path("proba_fit").asDouble();
                assertThat(prev).isGreaterThanOrEqualTo(cur);
                if (prev == cur) {
                    assertThat(recs.get(i - 1).path("mask_id").asLong()).isLessThan(recs.get(i).path("mask_id").asLong());
                }
            }
        }
        assertThat(recs.get(0).path("proba_fit").asDouble()).isGreaterThan(recs.get(recs.size() - 1).path("proba_fit").asDouble());
        assertThat(recs.get(0).path("unique_internal_model_code").asText()).isNotBlank();
        assertThat(recs.get(0).has("style")).isTrue();
        assertThat(recs.get(0).has("strap_type")).isTrue();
        assertThat(r.path("unknown_mask_ids")).isEmpty();
        JsonNode model = r.path("model");
        assertThat(model.path("version").asText()).isEqualTo(trained.version());
        assertThat(model.path("environment").asText()).isEqualTo("staging");
        assertThat(model.path("trained_at").asText()).isNotBlank();
        assertThat(model.path("metrics").path("roc_auc").asDouble()).isEqualTo(trained.metrics().path("roc_auc").asDouble());
    }

    @Test
    void subsetKeepsKnownMasksAndListsUnknownIds() {
        JsonNode all = call(infer("")).path("recommendations");
        long a = all.get(5).path("mask_id").asLong();
        long b = all.get(2).path("mask_id").asLong();
        JsonNode r = call(infer(", \"mask_ids\": [" + a + ", 999999, " + b + "]"));
        assertThat(r.path("recommendations").findValues("mask_id")).extracting(JsonNode::asLong).containsExactly(b, a);
        assertThat(r.path("unknown_mask_ids")).extracting(JsonNode::asLong).containsExactly(999999L);
    }

    @Test
    void limitKeepsTheTopK() {
        JsonNode all = call(infer("")).path("recommendations");
        JsonNode top = call(infer(", \"limit\": 3")).path("recommendations");
        assertThat(top).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(top.get(i)).isEqualTo(all.get(i));
        }
    }

    @Test
    void legacyBreathesafeShapePairsIdsAndProbabilitiesByRankKey() throws Exception {
        JsonNode all = call(infer("")).path("recommendations");
        JsonNode r = call(infer(", \"response_format\": \"breathesafe\", \"limit\": 4"));
        assertThat(r.path("statusCode").asInt()).isEqualTo(200);
        JsonNode body = MAPPER.readTree(r.path("body").asText());
        assertThat(body.path("mask_id").size()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            assertThat(body.path("mask_id").path(Integer.toString(i)).asLong()).isEqualTo(all.get(i).path("mask_id").asLong());
            assertThat(body.path("proba_fit").path(Integer.toString(i)).asDouble())
                    .isEqualTo(all.get(i).path("proba_fit").asDouble());
        }
        assertThat(body.path("model").path("version").asText()).isEqualTo(trained.version());
    }

    @Test
    void warmupReturnsTheModelMetadata() {
        JsonNode r = call("{\"method\": \"warmup\"}");
        assertThat(r.path("status").asText()).isEqualTo("warm");
        assertThat(r.path("masks").asInt()).isEqualTo(trained.masks());
        assertThat(r.path("model").path("version").asText()).isEqualTo(trained.version());
    }

    @Test
    void httpEventsCarryTheRequestInTheBodyAndGetStatusCodes() throws Exception {
        String body = infer(", \"limit\": 2");
        JsonNode plain = MAPPER.readTree(call(wrapHttp(MAPPER.writeValueAsString(body), false)).path("body").asText());
        assertThat(plain.path("recommendations")).hasSize(2);

        String b64 = Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8));
        JsonNode viaBase64 = call(wrapHttp("\"" + b64 + "\"", true));
        assertThat(viaBase64.path("statusCode").asInt()).isEqualTo(200);
        assertThat(viaBase64.path("headers").path("Content-Type").asText()).isEqualTo("application/json");
        assertThat(MAPPER.readTree(viaBase64.path("body").asText())).isEqualTo(plain);

        JsonNode bad = call(wrapHttp(MAPPER.writeValueAsString("{\"facial_measurements\": {}}"), false));
        assertThat(bad.path("statusCode").asInt()).isEqualTo(400);
        assertThat(MAPPER.readTree(bad.path("body").asText()).path("error").path("code").asText()).isEqualTo("invalid_request");

        JsonNode noBody = call("{\"version\": \"2.0\", \"rawPath\": \"/\", \"requestContext\": {\"http\": {\"method\": \"GET\"}}}");
        assertThat(noBody.path("statusCode").asInt()).isEqualTo(400);
        assertThat(noBody.path("body").asText()).contains("no body");

        JsonNode malformed = call(wrapHttp(MAPPER.writeValueAsString("{not json"), false));
        assertThat(malformed.path("statusCode").asInt()).isEqualTo(400);
        assertThat(malformed.path("body").asText()).contains("malformed JSON");
    }

    private static String wrapHttp(String bodyJsonString, boolean base64) {
        return "{\"version\": \"2.0\", \"routeKey\": \"$default\", \"rawPath\": \"/\", \"headers\": {\"content-type\": "
                + "\"application/json\"}, \"requestContext\": {\"http\": {\"method\": \"POST\"}}, \"body\": "
                + bodyJsonString + ", \"isBase64Encoded\": " + base64 + "}";
    }

    @Test
    void badInputIsAnErrorNeverAGuessAndNeverLeaksAStackTrace() {
        JsonNode malformed = call("{\"facial_measurements\": ");
        assertThat(malformed.path("error").path("code").asText()).isEqualTo("invalid_request");
        assertThat(malformed.path("error").path("message").asText()).startsWith("malformed JSON");
        JsonNode missing = call("{\"facial_measurements\": {\"nose_mm\": 50}}");
        assertThat(missing.path("error").path("message").asText()).contains("chin_mm is required");
        assertThat(missing.has("recommendations")).isFalse();
        assertThat(missing.toString()).doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    void probabilitiesEqualTheOnesTrainingVerifiedForThisModel() {
        List<ReferencePrediction> refs = store.manifest(trained.version()).referencePredictions();
        assertThat(refs).hasSizeGreaterThan(10);
        List<Double> served = new ArrayList<>();
        for (ReferencePrediction ref : refs.subList(0, 10)) {
            String face = String.format(java.util.Locale.ROOT, "{\"nose_mm\": %s, \"chin_mm\": %s, \"top_cheek_mm\": %s,"
                    + " \"mid_cheek_mm\": %s, \"strap_mm\": %s, \"facial_hair_beard_length_mm\": %s}",
                    ref.face().noseMm(), ref.face().chinMm(), ref.face().topCheekMm(), ref.face().midCheekMm(),
                    ref.face().strapMm(), ref.face().facialHairBeardLengthMm());
            JsonNode r = call("{\"facial_measurements\": " + face + ", \"mask_ids\": [" + ref.mask().id() + "]}");
            double p = r.path("recommendations").get(0).path("proba_fit").asDouble();
            assertThat(p).isCloseTo(ref.probability(), org.assertj.core.data.Offset.offset(1e-5));
            served.add(p);
        }
        assertThat(served.stream().distinct().count()).isGreaterThan(5);
    }

    @Test
    void theLogLineHasNoMeasurements() throws Exception {
        InferenceService.Answer inv = service.handle(infer(", \"limit\": 1").getBytes(StandardCharsets.UTF_8), "req-9");
        String line = MAPPER.writeValueAsString(inv.log());
        JsonNode log = MAPPER.readTree(line);
        assertThat(log.path("request_id").asText()).isEqualTo("req-9");
        assertThat(log.path("model_version").asText()).isEqualTo(trained.version());
        assertThat(log.path("masks_scored").asInt()).isEqualTo(trained.masks());
        assertThat(log.path("outcome").asText()).isEqualTo("ok");
        assertThat(log.path("latency_ms").isNumber()).isTrue();
        List<String> fields = new ArrayList<>();
        log.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("request_id", "method", "model_version", "masks_scored",
                "latency_ms", "outcome", "http");
        assertThat(line).doesNotContain("nose").doesNotContain("facial");
    }
}
