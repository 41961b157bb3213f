package org.maskrecommender.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

import org.maskrecommender.core.data.SourceContent;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.ModelRef;
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
        // no backoff (ModelHolderBackoffTest covers it): the next call must see the publish
        try (ModelHolder holder = new ModelHolder(ModelLoader.latest(store, Environment.STAGING, MAPPER), Duration.ZERO,
                Clock.systemUTC())) {
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
            ModelHolder holder = new ModelHolder(ModelLoader.latest(store, Environment.STAGING, MAPPER));
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
        ModelLoader loader = ModelLoader.latest(store, Environment.STAGING, MAPPER);
        assertThatThrownBy(loader::load).isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("model.onnx").hasMessageContaining("sha256");
    }

    @Test
    void thePinnedVersionWinsOverTheLatestPointer() {
        ModelStore store = store("pinned");
        String first = SampleModels.publish(store, Environment.STAGING, 200);
        String second = SampleModels.publish(store, Environment.STAGING, 220);
        assertThat(store.latestVersion()).contains(second);
        ModelRef pin = store.refOf(first);
        try (LoadedModel pinned = pinned(store, first, pin.manifestSha256()).load()) {
            assertThat(pinned.manifest().version()).isEqualTo(first);
        }
        assertThatThrownBy(pinned(store, "20200101T000000Z-00000000", "0".repeat(64))::load)
                .isInstanceOf(ModelUnavailableException.class).hasMessageContaining("20200101T000000Z-00000000");
    }

    @Test
    void aPinnedVersionIsServedOnlyWithItsManifestsHash() {
        ModelStore store = store("pin-hash");
        String version = SampleModels.publish(store, Environment.STAGING, 200);

        assertThatThrownBy(new ModelLoader(store, Optional.of(version), Optional.empty(), Environment.STAGING,
                MAPPER)::load).isInstanceOf(ModelUnavailableException.class).hasMessageContaining("MODEL_MANIFEST_SHA256");
        assertThatThrownBy(pinned(store, version, "1".repeat(64))::load).isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("not the one published");
        assertThatThrownBy(pinned(store, version, "not-a-hash")::load).isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("64 lower-case hex");
    }

    /** Editing the manifest after publishing (a metric, or the encoding with the self-check emptied) serves nothing. */
    @Test
    void anEditedManifestIsNeverServedNeitherThroughTheLatestPointerNorPinned() throws Exception {
        ModelStore store = store("edited");
        String version = SampleModels.publish(store, Environment.STAGING, 200);
        ModelRef published = store.latest().orElseThrow();
        String key = "models/" + version + "/manifest.json";
        ObjectNode manifest = (ObjectNode) MAPPER.readTree(store.blobs().get(key).orElseThrow());
        ((ObjectNode) manifest.get("metrics")).put("roc_auc", 0.999);
        store.blobs().put(key, MAPPER.writeValueAsBytes(manifest));

        assertThatThrownBy(ModelLoader.latest(store, Environment.STAGING, MAPPER)::load)
                .isInstanceOf(ModelUnavailableException.class).hasMessageContaining("not the one published");
        assertThatThrownBy(pinned(store, version, published.manifestSha256())::load)
                .isInstanceOf(ModelUnavailableException.class).hasMessageContaining("not the one published");

        manifest.putArray("reference_predictions");
        ObjectNode diff = (ObjectNode) manifest.get("encoding").get("perimeter_diff");
        diff.put("mean", diff.get("mean").asDouble() + 40);
        byte[] edited = MAPPER.writeValueAsBytes(manifest);
        store.blobs().put(key, edited);
        assertThatThrownBy(pinned(store, version, SourceContent.sha256(edited))::load)
                .as("even pinned to the edited manifest's own hash, no reference predictions means no self-check")
                .isInstanceOf(ModelUnavailableException.class).hasMessageContaining("no reference predictions");
    }

    private static ModelLoader pinned(ModelStore store, String version, String manifestSha256) {
        return new ModelLoader(store, Optional.of(version), Optional.of(manifestSha256), Environment.STAGING, MAPPER);
    }

    @Test
    void aModelOfAnotherEnvironmentIsRefused() {
        ModelStore store = store("crossed");
        SampleModels.publish(store, Environment.PRODUCTION, 200);
        ModelLoader loader = ModelLoader.latest(store, Environment.STAGING, MAPPER);
        assertThatThrownBy(loader::load).isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("trained for production, not staging");
    }
}
