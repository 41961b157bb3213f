package org.maskrecommender.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.json.Json;
import org.maskrecommender.testkit.S3ProxyServer;

/**
 * The S3 server stops in the middle of a publish, at each point of it, and comes back: the publish fails with a
 * store error naming the object and the pointer, {@code latest.json} still names the version published before,
 * loading the latest serves that version, and a half-written version is never served.
 */
class S3PublishOutageTest {

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final String OLD = "2026-11-28T05:00:12Z";
    private static final String NEW = "2026-11-29T05:00:12Z";

    private static S3ProxyServer server;
    private S3Client s3;
    private String bucket;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.startRestartable();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void bucket() {
        bucket = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        server.createBucket(bucket);
        s3 = server.client();
    }

    @AfterEach
    void restartIfStoppedAndClose() {
        if (!server.isRunning()) {
            server.restart();
        }
        s3.close();
    }

    /** Where in the publish the server stops. */
    enum Stop {
        AFTER_MODEL_ONNX(1, false, "writing", "masks.json"),
        AFTER_MASKS_JSON(2, false, "writing", "manifest.json"),
        AFTER_MANIFEST(3, false, "reading back", "model.onnx"),
        BEFORE_LATEST_JSON(3, true, "moving", "latest.json");

        /** Writes that complete before the stop. */
        final int writes;
        /** Whether the stop comes as the pointer is about to be written rather than after the writes. */
        final boolean atPointerWrite;
        /** What the publish was doing when the store failed, and on which object. */
        final String action;
        final String object;

        Stop(int writes, boolean atPointerWrite, String action, String object) {
            this.writes = writes;
            this.atPointerWrite = atPointerWrite;
            this.action = action;
            this.object = object;
        }
    }

    @ParameterizedTest
    @EnumSource(Stop.class)
    void theServerStoppedDuringAPublishLeavesTheOldVersionServed(Stop stop) {
        ModelStore store = new ModelStore(new S3BlobStore(s3, bucket, "staging"), MAPPER);
        PublishedVersion old = store.publish(TestArtifacts.artifacts(OLD, "old model", "[\"old\"]"));
        ModelArtifacts next = TestArtifacts.artifacts(NEW, "new model", "[\"new\"]");
        String version = next.manifest().version();
        ModelStore failing = new ModelStore(new StopsTheServer(new S3BlobStore(s3, bucket, "staging"), stop), MAPPER);

        StoreFailedException e = catchThrowableOfType(StoreFailedException.class, () -> failing.publish(next));

        assertThat(server.isRunning()).as("the server was stopped").isFalse();
        assertThat(e).as("a store failure").isNotNull();
        assertThat(e.object()).isEqualTo("s3://" + bucket + "/staging/models/"
                + (stop.object.equals("latest.json") ? "" : version + "/") + stop.object);
        assertThat(e.getMessage()).startsWith("publishing " + version + " failed " + stop.action + " " + e.object() + ": ");
        if (stop.atPointerWrite) {
            assertThat(e.pointerUnchanged()).isFalse();
            assertThat(e.getMessage()).contains("whether s3://" + bucket + "/staging/models/latest.json moved to "
                    + version + " is unknown");
        } else {
            assertThat(e.pointerUnchanged()).isTrue();
            assertThat(e.getMessage()).contains("s3://" + bucket + "/staging/models/latest.json was not moved");
        }

        server.restart();

        assertThat(store.latestVersion()).contains(old.version());
        assertThat(store.load(store.latest().orElseThrow()).manifest().version()).isEqualTo(old.version());
        if (stop.writes < 3) {
            // half-written: no manifest, so nothing can name it, not even by version
            assertThatThrownBy(() -> store.refOf(version)).isInstanceOf(ModelNotFoundException.class);
            assertThatThrownBy(() -> store.load(new ModelRef(version, old.manifestSha256())))
                    .isInstanceOf(ModelNotFoundException.class);
        }
        // and it is never completed with other bytes: the version id is spent
        assertThatThrownBy(() -> store.publish(next)).isInstanceOf(VersionExistsException.class);
        assertThat(store.latestVersion()).contains(old.version());
    }

    /** Stops the S3 server after the given number of writes, or just before the write of {@code latest.json}. */
    private static final class StopsTheServer extends ForwardingBlobStore {

        private final Stop stop;
        private int writes;

        StopsTheServer(BlobStore delegate, Stop stop) {
            super(delegate);
            this.stop = stop;
        }

        @Override
        public boolean putIfAbsent(String key, byte[] content) {
            return counted(delegate.putIfAbsent(key, content));
        }

        @Override
        public boolean putIfMatch(String key, byte[] content, String expectedTag) {
            if (stop.atPointerWrite && key.equals(ModelStore.LATEST_KEY)) {
                server.stop();
            }
            return counted(delegate.putIfMatch(key, content, expectedTag));
        }

        @Override
        public void put(String key, byte[] content) {
            delegate.put(key, content);
            counted(true);
        }

        private boolean counted(boolean wrote) {
            writes++;
            if (!stop.atPointerWrite && writes == stop.writes) {
                server.stop();
            }
            return wrote;
        }
    }
}
