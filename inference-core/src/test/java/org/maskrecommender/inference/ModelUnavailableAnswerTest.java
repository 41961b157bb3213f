package org.maskrecommender.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.testkit.HostileRequests;

/**
 * {@code model_unavailable} tells the caller that the model cannot be loaded and under which request id the log has
 * the reason; where the store is, which key and which sha256 failed go only to the log line.
 */
class ModelUnavailableAnswerTest {

    @TempDir
    Path dir;

    private final ObjectMapper mapper = Json.newMapper();
    private static final String SHA = "ab".repeat(32);

    private InferenceService service(Optional<String> version, Optional<String> sha) {
        ModelStore store = new ModelStore(new LocalBlobStore(dir.resolve("store")), mapper);
        return new InferenceService(new ModelHolder(new ModelLoader(store, version, sha, Environment.STAGING, mapper),
                Duration.ZERO, Clock.systemUTC()), mapper);
    }

    @Test
    void noPublishedModel() {
        InferenceService.Answer answer = service(Optional.empty(), Optional.empty())
                .handle(HostileRequests.GOOD.getBytes(StandardCharsets.UTF_8), "req-503");

        JsonNode error = answer.response().path("error");
        assertThat(error.path("code").asText()).isEqualTo("model_unavailable");
        assertThat(error.path("message").asText()).contains("cannot be loaded").contains("req-503")
                .doesNotContain(dir.toString()).doesNotContain("latest.json").doesNotContain("models/");
        assertThat(answer.log().outcome()).isEqualTo("model_unavailable");
        assertThat(answer.log().detail()).contains(dir.toString()).contains("latest.json");
        assertThat(answer.failure()).isNull();
    }

    @Test
    void aPinnedVersionThatIsNotThereOverHttp() throws Exception {
        String event = "{\"headers\": {}, \"requestContext\": {}, \"body\": "
                + mapper.writeValueAsString(HostileRequests.GOOD) + "}";
        InferenceService.Answer answer = service(Optional.of("20260101T000000Z-abcdef12"), Optional.of(SHA))
                .handle(event.getBytes(StandardCharsets.UTF_8), "req-504");

        assertThat(answer.response().path("statusCode").asInt()).isEqualTo(503);
        String body = answer.response().path("body").asText();
        assertThat(body).contains("model_unavailable").contains("req-504").doesNotContain(dir.toString())
                .doesNotContain("20260101T000000Z-abcdef12").doesNotContain("manifest");
        assertThat(answer.log().detail()).contains(dir.toString()).contains("20260101T000000Z-abcdef12");
        assertThat(mapper.writeValueAsString(answer.log())).contains("\"detail\"");
    }

    @Test
    void aGoodAnswerLogsNoDetail() throws Exception {
        InferenceService.Answer answer = service(Optional.empty(), Optional.empty())
                .handle("{\"limit\": 0}".getBytes(StandardCharsets.UTF_8), "req-400");
        assertThat(answer.log().detail()).isNull();
        assertThat(mapper.writeValueAsString(answer.log())).doesNotContain("detail");
    }
}
