package org.maskrecommender.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.testkit.HostileRequests;
import org.maskrecommender.training.TrainingResult;

/**
 * Every request of {@link HostileRequests} is answered {@code invalid_request} by the service, with a message a
 * caller can act on, never an internal error; the service answers a good request afterwards. The same requests go
 * through {@code serve} in the cli module's tests.
 */
class HostileRequestsTest {

    @TempDir
    static Path dir;

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static TrainingResult trained;
    private static ModelHolder holder;
    private static InferenceService service;

    @BeforeAll
    static void publishAndLoad() {
        ModelStore store = new ModelStore(new LocalBlobStore(dir), MAPPER);
        trained = TrainedModels.publish(store, Environment.STAGING, 300);
        holder = new ModelHolder(ModelLoader.latest(store, Environment.STAGING, MAPPER));
        service = new InferenceService(holder, MAPPER);
    }

    @AfterAll
    static void close() {
        holder.close();
    }

    static List<HostileRequests.Case> cases() {
        return HostileRequests.all();
    }

    @Test
    void thereAreAtLeastEightyOfThem() {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(80);
        assertThat(cases().stream().map(HostileRequests.Case::name).distinct()).hasSameSizeAs(cases());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isInvalidRequestWithAMessageACallerCanActOn(HostileRequests.Case c) throws Exception {
        InferenceService.Answer answer = service.handle(c.event(), "hostile");

        assertThat(answer.failure()).as("an internal error").isNull();
        JsonNode error = errorOf(answer.response(), c);
        assertThat(error.path("code").asText()).as(error.toString()).isEqualTo("invalid_request");
        assertThat(HostileRequests.problems(error.path("message").asText(), c)).isEmpty();
        assertThat(answer.log().outcome()).isEqualTo("invalid_request");
        assertThat(answer.log().http()).isEqualTo(c.http());
    }

    @Test
    void aGoodRequestIsAnsweredAfterAllOfThem() {
        cases().forEach(c -> service.handle(c.event(), "hostile"));
        JsonNode ok = service.handle(HostileRequests.GOOD.getBytes(StandardCharsets.UTF_8), "good").response();
        assertThat(ok.path("recommendations")).hasSize(3);
    }

    @Test
    void aLimitBeyondTheCatalogueAnswersEveryMask() {
        JsonNode ok = service.handle(("{\"facial_measurements\": " + HostileRequests.FACE
                + ", \"limit\": 1000000000000}").getBytes(StandardCharsets.UTF_8), "big-limit").response();
        assertThat(ok.path("recommendations")).hasSize(trained.masks());
        JsonNode huge = service.handle(("{\"facial_measurements\": " + HostileRequests.FACE
                + ", \"limit\": " + "9".repeat(90) + "}").getBytes(StandardCharsets.UTF_8), "huge-limit").response();
        assertThat(huge.path("recommendations")).hasSize(trained.masks());
    }

    /** The error object of an answer, unwrapping an HTTP answer (status 400). */
    private static JsonNode errorOf(JsonNode response, HostileRequests.Case c) throws Exception {
        if (c.http()) {
            assertThat(response.path("statusCode").asInt()).as(response.toString()).isEqualTo(400);
            return MAPPER.readTree(response.path("body").asText()).path("error");
        }
        assertThat(response.has("statusCode")).as(response.toString()).isFalse();
        return response.path("error");
    }
}
