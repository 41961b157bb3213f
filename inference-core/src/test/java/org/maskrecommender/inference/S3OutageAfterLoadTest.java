package org.maskrecommender.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.S3BlobStore;
import org.maskrecommender.testkit.HostileRequests;
import org.maskrecommender.testkit.S3ProxyServer;
import org.maskrecommender.training.SampleModels;

/**
 * The S3 server stops after a container loaded its model: the container keeps answering from the model it holds,
 * request after request, while a cold container cannot load one; after the server is back, both answer.
 */
class S3OutageAfterLoadTest {

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static S3ProxyServer server;
    private static S3Client s3;

    @BeforeAll
    static void start() {
        server = S3ProxyServer.startRestartable();
        server.createBucket("models");
        s3 = server.client();
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    private static InferenceService container(ModelStore store) {
        // no backoff: a cold container asks the store on every request, so it sees the outage end at once
        return new InferenceService(new ModelHolder(ModelLoader.latest(store, Environment.STAGING, MAPPER),
                Duration.ZERO, Clock.systemUTC()), MAPPER);
    }

    private static JsonNode ask(InferenceService service, String requestId) {
        InferenceService.Answer answer = service.handle(HostileRequests.GOOD.getBytes(StandardCharsets.UTF_8),
                requestId);
        assertThat(answer.failure()).isNull();
        return answer.response();
    }

    @Test
    void answersContinueFromTheLoadedModelWhileS3IsDown() {
        ModelStore store = new ModelStore(new S3BlobStore(s3, "models", "staging"), MAPPER);
        String version = SampleModels.publish(store, Environment.STAGING, 200);
        InferenceService warm = container(store);
        JsonNode before = ask(warm, "before");
        assertThat(before.path("model").path("version").asText()).isEqualTo(version);

        server.stop();
        try {
            // the outage is real: a container that has not loaded a model yet cannot
            JsonNode cold = ask(container(store), "cold-during");
            assertThat(cold.path("error").path("code").asText()).isEqualTo("model_unavailable");
            for (int i = 0; i < 5; i++) {
                JsonNode during = ask(warm, "during-" + i);
                assertThat(during.path("error").isMissingNode()).as(during.toString()).isTrue();
                assertThat(during.path("model").path("version").asText()).isEqualTo(version);
                assertThat(during.path("recommendations")).isEqualTo(before.path("recommendations"));
            }
        } finally {
            server.restart();
        }

        JsonNode after = ask(warm, "after");
        assertThat(after.path("recommendations")).isEqualTo(before.path("recommendations"));
        JsonNode cold = ask(container(store), "cold-after");
        assertThat(cold.path("model").path("version").asText()).isEqualTo(version);
        assertThat(cold.path("recommendations")).isEqualTo(before.path("recommendations"));
    }
}
