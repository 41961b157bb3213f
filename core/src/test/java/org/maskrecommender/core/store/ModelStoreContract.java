package org.maskrecommender.core.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.maskrecommender.core.data.SourceContent;
import org.maskrecommender.core.json.Json;

/** Behaviour every {@link ModelStore} must show, whatever the {@link BlobStore} underneath. */
abstract class ModelStoreContract {

    static final String LATEST = "models/latest.json";

    final ObjectMapper mapper = Json.newMapper();
    BlobStore blobs;
    ModelStore store;

    /** A fresh, empty blob store for each test. */
    abstract BlobStore newBlobStore();

    @BeforeEach
    void setUpStore() {
        blobs = newBlobStore();
        store = new ModelStore(blobs, mapper);
    }

    @Test
    void publishThenLatestThenLoadRoundTrips() throws Exception {
        ModelArtifacts artifacts = TestArtifacts.artifacts("2026-11-28T05:00:12Z", "onnx-bytes-1", "[{\"id\":1}]");
        String version = artifacts.manifest().version();
        Instant before = Instant.now();

        PublishedVersion published = store.publish(artifacts);

        assertThat(published.version()).isEqualTo(version);
        assertThat(published.location()).isEqualTo(blobs.describe("models/" + version + "/"));
        assertThat(published.manifestSha256())
                .isEqualTo(SourceContent.sha256(blobs.get("models/" + version + "/manifest.json").orElseThrow()));
        assertThat(store.latestVersion()).contains(version);

        VerifiedModel loaded = store.load(published.ref());
        assertThat(loaded.modelOnnx()).isEqualTo(artifacts.modelOnnx());
        assertThat(loaded.masksJson()).isEqualTo(artifacts.masksJson());
        Map<String, String> checksums = Map.of(
                "model.onnx", SourceContent.sha256(artifacts.modelOnnx()),
                "masks.json", SourceContent.sha256(artifacts.masksJson()));
        assertThat(loaded.manifest()).isEqualTo(artifacts.manifest().withFiles(checksums));
        assertThat(store.manifest(version)).isEqualTo(loaded.manifest());

        JsonNode latest = mapper.readTree(blobs.get(LATEST).orElseThrow());
        assertThat(latest.get("version").asText()).isEqualTo(version);
        assertThat(latest.get("manifest_sha256").asText()).isEqualTo(published.manifestSha256());
        assertThat(Instant.parse(latest.get("published_at").asText())).isBetween(before, Instant.now());
    }

    /** Loads through the manifest as stored, for tests about the other files. */
    VerifiedModel load(String version) {
        return store.load(store.refOf(version));
    }

    @Test
    void aManifestEditedAfterPublishingIsRefusedThroughThePointersHash() throws Exception {
        PublishedVersion published = store.publish(TestArtifacts.artifacts("2026-11-28T05:00:12Z", "model", "[1]"));
        String key = "models/" + published.version() + "/manifest.json";
        JsonNode manifest = mapper.readTree(blobs.get(key).orElseThrow());
        ((ObjectNode) manifest.get("metrics")).put("roc_auc", 0.99);
        blobs.put(key, mapper.writeValueAsBytes(manifest));

        ModelRef latest = store.latest().orElseThrow();
        assertThat(latest).isEqualTo(published.ref());
        assertThatThrownBy(() -> store.load(latest)).isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("not the one published").hasMessageContaining(published.manifestSha256())
                .hasMessageContaining("manifest.json");
    }

    @Test
    void theLatestPointerNeverMovesBackToAnOlderVersion() {
        PublishedVersion newer = store.publish(TestArtifacts.artifacts("2026-11-29T05:00:12Z", "model-b", "[]"));
        byte[] pointer = blobs.get(LATEST).orElseThrow();

        PublishedVersion older = store.publish(TestArtifacts.artifacts("2026-11-28T05:00:12Z", "model-a", "[]"));

        assertThat(older.latest()).isFalse();
        assertThat(newer.latest()).isTrue();
        assertThat(blobs.get(LATEST).orElseThrow()).isEqualTo(pointer);
        assertThat(store.latest()).contains(newer.ref());
        assertThat(load(older.version()).modelOnnx()).asString(UTF_8).isEqualTo("model-a");
    }

    @Test
    void aPointerThatDoesNotParseIsAnIntegrityErrorAndIsReplacedByTheNextPublish() {
        blobs.put(LATEST, "{\"version\": \"../../etc\"}".getBytes(UTF_8));

        assertThatThrownBy(() -> store.latest()).isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("latest.json");

        PublishedVersion next = store.publish(TestArtifacts.artifacts("2026-11-28T05:00:12Z", "model", "[]"));
        assertThat(next.latest()).isTrue();
        assertThat(store.latest()).contains(next.ref());
    }

    @Test
    void aLaterPublishMovesTheLatestPointer() {
        String first = store.publish(TestArtifacts.artifacts("2026-11-28T05:00:12Z", "model-a", "[]")).version();
        String second = store.publish(TestArtifacts.artifacts("2026-11-29T05:00:12Z", "model-b", "[]")).version();

        assertThat(store.latestVersion()).contains(second);
        assertThat(load(first).modelOnnx()).asString(UTF_8).isEqualTo("model-a");
        assertThat(load(second).modelOnnx()).asString(UTF_8).isEqualTo("model-b");
    }

    @Test
    void emptyStoreHasNoLatestAndUnknownVersionsAreNotFound() {
        String unknown = "20261128T050012Z-3f9a1c2e";

        assertThat(store.latestVersion()).isEmpty();
        assertThatThrownBy(() -> store.manifest(unknown)).isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining(unknown);
        assertThatThrownBy(() -> store.refOf(unknown)).isInstanceOf(ModelNotFoundException.class);
        assertThatThrownBy(() -> store.load(new ModelRef(unknown, "0".repeat(64))))
                .isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void malformedVersionsAreRefusedBeforeTouchingTheStore() {
        blobs.put("secrets/manifest.json", "{}".getBytes(UTF_8));

        for (String bad : new String[] {"../secrets", "latest", "", "20261128T050012Z-3F9A1C2E", "x/../../etc"}) {
            assertThatThrownBy(() -> store.manifest(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.refOf(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new ModelRef(bad, "0".repeat(64))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.publish(TestArtifacts.withVersion("latest", "m", "[]")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(blobs.exists("models/latest/model.onnx")).isFalse();
    }

    @Test
    void publishingAnExistingVersionIsRefusedAndOverwritesNothing() {
        ModelArtifacts original = TestArtifacts.artifacts("2026-11-28T05:00:12Z", "original-model", "[\"orig\"]");
        String version = store.publish(original).version();
        byte[] latestBefore = blobs.get(LATEST).orElseThrow();
        byte[] manifestBefore = blobs.get("models/" + version + "/manifest.json").orElseThrow();

        ModelArtifacts impostor = TestArtifacts.withVersion(version, "other-model", "[\"other\"]");
        assertThatThrownBy(() -> store.publish(impostor)).isInstanceOf(VersionExistsException.class)
                .hasMessageContaining(version);

        assertThat(blobs.get(LATEST).orElseThrow()).isEqualTo(latestBefore);
        assertThat(blobs.get("models/" + version + "/manifest.json").orElseThrow()).isEqualTo(manifestBefore);
        VerifiedModel loaded = load(version);
        assertThat(loaded.modelOnnx()).isEqualTo(original.modelOnnx());
        assertThat(loaded.masksJson()).isEqualTo(original.masksJson());
    }

    @Test
    void aHalfWrittenVersionIsNotCompletedWithOtherBytes() {
        String version = "20261128T050012Z-3f9a1c2e";
        blobs.put("models/" + version + "/model.onnx", "left-over".getBytes(UTF_8));

        assertThatThrownBy(() -> store.publish(TestArtifacts.withVersion(version, "new-model", "[]")))
                .isInstanceOf(VersionExistsException.class);

        assertThat(blobs.get("models/" + version + "/model.onnx").orElseThrow()).asString(UTF_8).isEqualTo("left-over");
        assertThat(blobs.exists("models/" + version + "/manifest.json")).isFalse();
        assertThat(blobs.exists(LATEST)).isFalse();
    }

    /** A concurrent publisher writes between the existence check and our writes. */
    @Test
    void aRefusedConditionalWriteFailsThePublish() {
        ModelArtifacts original = TestArtifacts.artifacts("2026-11-28T05:00:12Z", "original-model", "[]");
        String version = store.publish(original).version();
        byte[] latestBefore = blobs.get(LATEST).orElseThrow();
        BlobStore existsBlind = new ForwardingBlobStore(blobs) {
            @Override
            public boolean exists(String key) {
                return false;
            }
        };

        assertThatThrownBy(() -> new ModelStore(existsBlind, mapper)
                .publish(TestArtifacts.withVersion(version, "racing-model", "[]")))
                .isInstanceOf(VersionExistsException.class);

        assertThat(load(version).modelOnnx()).isEqualTo(original.modelOnnx());
        assertThat(blobs.get(LATEST).orElseThrow()).isEqualTo(latestBefore);
    }

    @Test
    void aFailureWhileWritingLeavesThePreviousLatestPointer() {
        String previous = store.publish(TestArtifacts.artifacts("2026-11-28T05:00:12Z", "model-a", "[]")).version();
        byte[] latestBefore = blobs.get(LATEST).orElseThrow();
        BlobStore failingOnManifest = new ForwardingBlobStore(blobs) {
            @Override
            public boolean putIfAbsent(String key, byte[] content) {
                if (key.endsWith("/manifest.json")) {
                    throw new IllegalStateException("injected: disk full");
                }
                return super.putIfAbsent(key, content);
            }

            @Override
            public void put(String key, byte[] content) {
                if (key.endsWith("/manifest.json")) {
                    throw new IllegalStateException("injected: disk full");
                }
                super.put(key, content);
            }
        };
        ModelArtifacts next = TestArtifacts.artifacts("2026-11-29T05:00:12Z", "model-b", "[]");

        assertThatThrownBy(() -> new ModelStore(failingOnManifest, mapper).publish(next))
                .hasMessageContaining("injected");

        assertThat(blobs.get(LATEST).orElseThrow()).isEqualTo(latestBefore);
        assertThat(store.latestVersion()).contains(previous);
        assertThatThrownBy(() -> load(next.manifest().version())).isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void aCorruptReadBackFailsThePublishAndLeavesTheLatestPointer() {
        String previous = store.publish(TestArtifacts.artifacts("2026-11-28T05:00:12Z", "model-a", "[]")).version();
        byte[] latestBefore = blobs.get(LATEST).orElseThrow();
        ModelArtifacts next = TestArtifacts.artifacts("2026-11-29T05:00:12Z", "model-b", "[]");
        String corruptKey = "models/" + next.manifest().version() + "/model.onnx";
        BlobStore corruptingReads = new ForwardingBlobStore(blobs) {
            @Override
            public Optional<byte[]> get(String key) {
                return super.get(key).map(bytes -> key.equals(corruptKey) ? flipFirstByte(bytes) : bytes);
            }
        };

        assertThatThrownBy(() -> new ModelStore(corruptingReads, mapper).publish(next))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("model.onnx")
                .hasMessageContaining(SourceContent.sha256(next.modelOnnx()));

        assertThat(blobs.get(LATEST).orElseThrow()).isEqualTo(latestBefore);
        assertThat(store.latestVersion()).contains(previous);
    }

    @Test
    void aCorruptManifestReadBackFailsThePublish() {
        ModelArtifacts next = TestArtifacts.artifacts("2026-11-29T05:00:12Z", "model-b", "[]");
        BlobStore corruptingReads = new ForwardingBlobStore(blobs) {
            @Override
            public Optional<byte[]> get(String key) {
                return super.get(key).map(bytes -> key.endsWith("/manifest.json") ? flipFirstByte(bytes) : bytes);
            }
        };

        assertThatThrownBy(() -> new ModelStore(corruptingReads, mapper).publish(next))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("manifest.json");

        assertThat(blobs.exists(LATEST)).isFalse();
    }

    /** Bytes identical but the mapper loses a field on the way back: the manifest would lie to readers. */
    @Test
    void aManifestThatDoesNotParseBackToWhatWasWrittenFailsThePublish() {
        ObjectMapper lossy = Json.newMapper().addMixIn(Manifest.class, DropsEnvironmentOnRead.class);
        ModelArtifacts next = TestArtifacts.artifacts("2026-11-29T05:00:12Z", "model-b", "[]");

        assertThatThrownBy(() -> new ModelStore(blobs, lossy).publish(next))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("manifest");

        assertThat(blobs.exists(LATEST)).isFalse();
    }

    /** Training builds metrics with float and long nodes; they read back as double and int nodes. */
    @Test
    void manifestsWhoseJsonBlocksChangeNodeTypesOnReadStillPublish() {
        ModelArtifacts base = TestArtifacts.artifacts("2026-11-29T05:00:12Z", "model-b", "[]");
        base.manifest().metrics().putObject("cv").put("log_loss", 0.25f).put("rows_kept", 118L);

        String version = store.publish(base).version();

        JsonNode cv = load(version).manifest().metrics().get("cv");
        assertThat(cv.get("log_loss").doubleValue()).isEqualTo(0.25);
        assertThat(cv.get("rows_kept").longValue()).isEqualTo(118L);
        assertThat(store.latestVersion()).contains(version);
    }

    @Test
    void aTamperedModelFailsToLoadNamingFileAndHashes() {
        ModelArtifacts artifacts = TestArtifacts.artifacts("2026-11-28T05:00:12Z", "genuine-model", "[]");
        String version = store.publish(artifacts).version();
        byte[] tampered = "tampered-model".getBytes(UTF_8);
        blobs.put("models/" + version + "/model.onnx", tampered);

        assertThatThrownBy(() -> load(version))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("model.onnx")
                .hasMessageContaining(SourceContent.sha256(artifacts.modelOnnx()))
                .hasMessageContaining(SourceContent.sha256(tampered));
    }

    @Test
    void aTamperedCatalogueFailsToLoad() {
        String version = store.publish(TestArtifacts.artifacts("2026-11-28T05:00:12Z", "model", "[1]")).version();
        blobs.put("models/" + version + "/masks.json", "[2]".getBytes(UTF_8));

        assertThatThrownBy(() -> load(version))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("masks.json");
    }

    @Test
    void aModelCardIsPublishedBesideTheFilesAndCoveredByTheManifestsHashes() {
        byte[] card = "<!DOCTYPE html><html><body>card</body></html>".getBytes(UTF_8);
        ModelArtifacts plain = TestArtifacts.artifacts("2026-11-28T05:00:12Z", "model", "[1]");
        PublishedVersion published = store.publish(new ModelArtifacts(plain.manifest(), plain.modelOnnx(),
                plain.masksJson(), card));
        String version = published.version();

        assertThat(blobs.get("models/" + version + "/" + Manifest.CARD_FILE)).hasValueSatisfying(b ->
                assertThat(b).isEqualTo(card));
        assertThat(store.manifest(version).files()).containsEntry(Manifest.CARD_FILE, SourceContent.sha256(card));
        assertThat(store.card(published.ref())).hasValueSatisfying(b -> assertThat(b).isEqualTo(card));
        assertThat(store.load(published.ref()).manifest().version()).isEqualTo(version);
        assertThat(store.cardLocation(version)).isEqualTo(blobs.describe("models/" + version + "/model-card.html"));
    }

    @Test
    void anEditedModelCardFailsVerificationLikeTheOtherFiles() {
        byte[] card = "<p>genuine</p>".getBytes(UTF_8);
        ModelArtifacts plain = TestArtifacts.artifacts("2026-11-28T05:00:12Z", "model", "[1]");
        PublishedVersion published = store.publish(new ModelArtifacts(plain.manifest(), plain.modelOnnx(),
                plain.masksJson(), card));
        blobs.put("models/" + published.version() + "/" + Manifest.CARD_FILE, "<p>edited</p>".getBytes(UTF_8));

        assertThatThrownBy(() -> store.load(published.ref()))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining(Manifest.CARD_FILE)
                .hasMessageContaining(SourceContent.sha256(card));
        assertThatThrownBy(() -> store.card(published.ref()))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining(Manifest.CARD_FILE);
    }

    @Test
    void aVersionPublishedWithoutACardLoadsAndHasNone() {
        PublishedVersion published = store.publish(TestArtifacts.artifacts("2026-11-28T05:00:12Z", "model", "[1]"));

        assertThat(store.manifest(published.version()).files()).doesNotContainKey(Manifest.CARD_FILE);
        assertThat(store.load(published.ref()).modelOnnx()).isEqualTo("model".getBytes(UTF_8));
        assertThat(store.card(published.ref())).isEmpty();
    }

    @Test
    void aMissingModelFileFailsToLoadAsDamagedNotAsUnknown() {
        String version = store.publish(TestArtifacts.artifacts("2026-11-28T05:00:12Z", "model", "[1]")).version();
        BlobStore losingModel = new ForwardingBlobStore(blobs) {
            @Override
            public Optional<byte[]> get(String key) {
                return key.endsWith("/model.onnx") ? Optional.empty() : super.get(key);
            }
        };

        assertThatThrownBy(() -> new ModelStore(losingModel, mapper).load(store.refOf(version)))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("model.onnx")
                .hasMessageContaining("missing");
    }

    @Test
    void aManifestCopiedUnderAnotherVersionIsRejected() {
        String version = store.publish(TestArtifacts.artifacts("2026-11-28T05:00:12Z", "model", "[1]")).version();
        String other = "20261130T000000Z-00000000";
        blobs.put("models/" + other + "/manifest.json", blobs.get("models/" + version + "/manifest.json").orElseThrow());

        assertThatThrownBy(() -> store.manifest(other))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining(version)
                .hasMessageContaining(other);
    }

    @Test
    void locationDescribesTheRoot() {
        assertThat(store.location()).isEqualTo(blobs.describe(""));
    }

    private static byte[] flipFirstByte(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[0] ^= 0x01;
        return copy;
    }

    @JsonIgnoreProperties(value = "environment", allowGetters = true)
    private interface DropsEnvironmentOnRead {
    }
}
