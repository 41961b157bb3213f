package org.maskrecommender.inference.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.metrics.EmfWriter;
import org.maskrecommender.core.store.S3BlobStore;
import org.maskrecommender.inference.LoadReport;
import org.maskrecommender.testkit.S3ProxyServer;
import org.maskrecommender.testkit.logs.EmfRecord;
import org.maskrecommender.testkit.logs.LogCapture;
import org.maskrecommender.training.SampleModels;

/**
 * A new container (an application of its own) over a store of its own: the model is loaded, verified and its
 * reference rows scored while the application starts, before any request. The proof that the first request does
 * not need the store: it is emptied before that request, which is still answered by the model.
 */
@QuarkusTest
@QuarkusTestResource(ModelFixture.class)
@TestProfile(StartupLoadTest.OwnStore.class)
class StartupLoadTest {

    /** Points the function at a bucket {@link OwnBucket} published a model to before the application started. */
    public static class OwnStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mask-recommender.model-store", "s3://${" + OwnBucket.BUCKET_PROPERTY + "}/staging");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OwnBucket.class));
        }
    }

    /** A bucket of this test's own on the shared S3Proxy, holding one model under {@code staging}. */
    public static class OwnBucket implements QuarkusTestResourceLifecycleManager {
        static final String BUCKET_PROPERTY = "test.startup-bucket";
        static String bucket;
        static String published;

        @Override
        public Map<String, String> start() {
            S3ProxyServer server = S3ProxyServer.shared();
            bucket = "startup-" + UUID.randomUUID().toString().substring(0, 8);
            server.createBucket(bucket);
            try (S3Client s3 = server.client()) {
                published = SampleModels.publish(new S3BlobStore(s3, bucket, "staging"), Environment.STAGING, 300);
            }
            Map<String, String> config = new HashMap<>(server.quarkusS3Config());
            config.put(BUCKET_PROPERTY, bucket);
            return config;
        }

        @Override
        public void stop() {
        }
    }

    private final ObjectMapper mapper = Json.newMapper();

    @Inject
    InferenceFunction function;

    @Test
    void theModelIsLoadedAndCheckedBeforeTheFirstRequest() throws Exception {
        Initialisation init = function.initialisation();
        assertThat(init.failure()).isEmpty();
        LoadReport load = init.load().orElseThrow();
        assertThat(load.model().manifest().version()).isEqualTo(OwnBucket.published);
        int references = load.model().manifest().referencePredictions().size();
        assertThat(load.referenceRows()).isPositive().isEqualTo(references);

        EmfRecord metrics = EmfRecord.parse(init.metricsLine());
        assertThat(metrics.namespace()).isEqualTo("MaskRecommender");
        assertThat(metrics.value("ModelLoadedAtInit")).isEqualTo(1);
        assertThat(metrics.value("ReferenceRowsScored")).isEqualTo(references);
        assertThat(metrics.units()).containsEntry("StartupDuration", "Milliseconds")
                .containsEntry("ModelFetchDuration", "Milliseconds")
                .containsEntry("ModelSessionDuration", "Milliseconds")
                .containsEntry("ReferenceCheckDuration", "Milliseconds");
        assertThat(metrics.value("StartupDuration")).isPositive();
        assertThat(metrics.value("ModelFetchDuration")).isPositive();
        assertThat(metrics.member("model_version").asText()).isEqualTo(OwnBucket.published);

        try (S3Client s3 = S3ProxyServer.shared().client()) {
            List<S3Object> objects = s3.listObjectsV2(r -> r.bucket(OwnBucket.bucket)).contents();
            assertThat(objects).isNotEmpty();
            objects.forEach(o -> s3.deleteObject(r -> r.bucket(OwnBucket.bucket).key(o.key())));
        }
        try (LogCapture logs = LogCapture.of(EmfWriter.LOGGER)) {
            JsonNode served = mapper.readTree(given().contentType("application/json")
                    .body("{\"facial_measurements\": " + InferenceHandlerTest.FACE + ", \"limit\": 3}")
                    .when().post(InferenceHandlerTest.lambdaUrl()).then().statusCode(200).extract().asString());
            assertThat(served.path("recommendations")).hasSize(3);
            assertThat(served.path("model").path("version").asText()).isEqualTo(OwnBucket.published);
            EmfRecord first = EmfRecord.parse(logs.messages(EmfWriter.LOGGER).get(0));
            assertThat(first.value("ColdStart")).as("the container's first request").isEqualTo(1);
        }
    }
}
