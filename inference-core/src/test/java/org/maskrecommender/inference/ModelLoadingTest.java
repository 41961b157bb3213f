package org.maskrecommender.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.S3BlobStore;
import org.maskrecommender.testkit.S3ProxyServer;
import org.maskrecommender.training.TrainingResult;

/** Loading models from a real S3 API server: outages, recovery, tampering, pinning, environments. */
class ModelLoadingTest {

    private static final String BUCKET = "models";
    private static final ObjectMapper MAPPER = Json.newMapper();
    private static S3ProxyServer server;
    private static S3Client s3;

    @BeforeAll
    static void start() {
        server = S3ProxyServer.start();
        server.createBucket(BUCKET);
        s3 = server.client();
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    private static ModelStore store(String prefix) {
        return new ModelStore(new S3BlobStore(s3, BUCKET, prefix), MAPPER);
    }

    @Test
    void nothingPublishedIsUnavailableAndAPublishLaterIsPickedUp() {
        ModelStore store = store("recovery");
        try (ModelHolder holder = new ModelHolder(new ModelLoader(store, Optional.empty(), Environment.STAGING, MAPPER))) {
            assertThatThrownBy(holder::get).isInstanceOf(ModelUnavailableException.class)
                    .hasMessageContaining("latest.json");
            TrainingResult trained = TrainedModels.publish(store, Environment.STAGING, 200);
            assertThat(holder.get().manifest().version()).isEqualTo(trained.version());
            // cached for the container's life: the same instance answers again
            assertThat(holder.get()).isSameAs(holder.get());
        }
    }

    @Test
    void anUnreachableStoreIsUnavailableNotACrash() {
        try (S3Client nowhere = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(Region.US_EAST_1).forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y"))).build()) {
            ModelStore store = new ModelStore(new S3BlobStore(nowhere, BUCKET, "any"), MAPPER);
            ModelHolder holder = new ModelHolder(new ModelLoader(store, Optional.empty(), Environment.STAGING, MAPPER));
            assertThatThrownBy(holder::get).isInstanceOf(ModelUnavailableException.class)
                    .hasMessageContaining("s3://" + BUCKET + "/any");
        }
    }

    @Test
    void aTamperedModelFileIsRefused() {
        ModelStore store = store("tampered");
        TrainingResult trained = TrainedModels.publish(store, Environment.STAGING, 200);
        s3.putObject(PutObjectRequest.builder().bucket(BUCKET)
                .key("tampered/models/" + trained.version() + "/model.onnx").build(), RequestBody.fromString("evil"));
        ModelLoader loader = new ModelLoader(store, Optional.empty(), Environment.STAGING, MAPPER);
        assertThatThrownBy(loader::load).isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("model.onnx").hasMessageContaining("sha256");
    }

    @Test
    void thePinnedVersionWinsOverTheLatestPointer() {
        ModelStore store = store("pinned");
        TrainingResult first = TrainedModels.publish(store, Environment.STAGING, 200);
        TrainingResult second = TrainedModels.publish(store, Environment.STAGING, 220);
        assertThat(store.latestVersion()).contains(second.version());
        try (LoadedModel pinned = new ModelLoader(store, Optional.of(first.version()), Environment.STAGING, MAPPER).load()) {
            assertThat(pinned.manifest().version()).isEqualTo(first.version());
        }
        ModelLoader missing = new ModelLoader(store, Optional.of("20200101T000000Z-00000000"), Environment.STAGING, MAPPER);
        assertThatThrownBy(missing::load).isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("20200101T000000Z-00000000");
    }

    @Test
    void aModelOfAnotherEnvironmentIsRefused() {
        ModelStore store = store("crossed");
        TrainedModels.publish(store, Environment.PRODUCTION, 200);
        ModelLoader loader = new ModelLoader(store, Optional.empty(), Environment.STAGING, MAPPER);
        assertThatThrownBy(loader::load).isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("trained for production, not staging");
    }
}
