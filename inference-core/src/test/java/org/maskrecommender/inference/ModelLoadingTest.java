package org.maskrecommender.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

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
import org.maskrecommender.training.SampleModels;

/**
 * Loading models from a real S3 API server (the test JVM's shared S3Proxy, a bucket of this class's own):
 * outages, recovery, tampering, pinning, environments. The models are real ones, trained once per JVM.
 */
class ModelLoadingTest {

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static String bucket;
    private static S3Client s3;

    @BeforeAll
    static void start() {
        bucket = "models-" + UUID.randomUUID().toString().substring(0, 8);
        S3ProxyServer.shared().createBucket(bucket);
        s3 = S3ProxyServer.shared().client();
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    private static ModelStore store(String prefix) {
        return new ModelStore(new S3BlobStore(s3, bucket, prefix), MAPPER);
    }

    @Test
    void nothingPublishedIsUnavailableAndAPublishLaterIsPickedUp() {
        ModelStore store = store("recovery");
        try (ModelHolder holder = new ModelHolder(new ModelLoader(store, Optional.empty(), Environment.STAGING, MAPPER))) {
            assertThatThrownBy(holder::get).isInstanceOf(ModelUnavailableException.class)
                    .hasMessageContaining("latest.json");
            String trained = SampleModels.publish(store, Environment.STAGING, 200);
            assertThat(holder.get().manifest().version()).isEqualTo(trained);
            // cached for the container's life: the same instance answers again
            assertThat(holder.get()).isSameAs(holder.get());
        }
    }

    @Test
    void anUnreachableStoreIsUnavailableNotACrash() {
        try (S3Client nowhere = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(Region.US_EAST_1).forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y"))).build()) {
            ModelStore store = new ModelStore(new S3BlobStore(nowhere, bucket, "any"), MAPPER);
            ModelHolder holder = new ModelHolder(new ModelLoader(store, Optional.empty(), Environment.STAGING, MAPPER));
            assertThatThrownBy(holder::get).isInstanceOf(ModelUnavailableException.class)
                    .hasMessageContaining("s3://" + bucket + "/any");
        }
    }

    @Test
    void aTamperedModelFileIsRefused() {
        ModelStore store = store("tampered");
        String trained = SampleModels.publish(store, Environment.STAGING, 200);
        s3.putObject(PutObjectRequest.builder().bucket(bucket)
                .key("tampered/models/" + trained + "/model.onnx").build(), RequestBody.fromString("evil"));
        ModelLoader loader = new ModelLoader(store, Optional.empty(), Environment.STAGING, MAPPER);
        assertThatThrownBy(loader::load).isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("model.onnx").hasMessageContaining("sha256");
    }

    @Test
    void thePinnedVersionWinsOverTheLatestPointer() {
        ModelStore store = store("pinned");
        String first = SampleModels.publish(store, Environment.STAGING, 200);
        String second = SampleModels.publish(store, Environment.STAGING, 220);
        assertThat(store.latestVersion()).contains(second);
        try (LoadedModel pinned = new ModelLoader(store, Optional.of(first), Environment.STAGING, MAPPER).load()) {
            assertThat(pinned.manifest().version()).isEqualTo(first);
        }
        ModelLoader missing = new ModelLoader(store, Optional.of("20200101T000000Z-00000000"), Environment.STAGING, MAPPER);
        assertThatThrownBy(missing::load).isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("20200101T000000Z-00000000");
    }

    @Test
    void aModelOfAnotherEnvironmentIsRefused() {
        ModelStore store = store("crossed");
        SampleModels.publish(store, Environment.PRODUCTION, 200);
        ModelLoader loader = new ModelLoader(store, Optional.empty(), Environment.STAGING, MAPPER);
        assertThatThrownBy(loader::load).isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("trained for production, not staging");
    }
}
