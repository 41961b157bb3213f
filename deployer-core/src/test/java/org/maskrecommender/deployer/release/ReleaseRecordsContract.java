package org.maskrecommender.deployer.release;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.BlobStore;
import org.maskrecommender.core.store.ConcurrentTasks;

/** Release records over any {@link BlobStore}; subclasses supply a local directory or S3Proxy. */
abstract class ReleaseRecordsContract {

    static final ObjectMapper MAPPER = Json.newMapper();
    private static final String TAG = "staging-recommender-v1.2.3";

    abstract BlobStore openStore();

    ReleaseRecords records() {
        return new ReleaseRecords(openStore(), MAPPER);
    }

    @Test
    void writtenOnceAndNeverOverwrittenAndReadBackTyped() throws Exception {
        ReleaseRecord first = record(TAG, "7", "20261128T050012Z-3f9a1c2e");
        ReleaseRecord second = record(TAG, "8", "20261205T050003Z-9b2d0a11");

        assertThat(records().write(first)).isTrue();
        assertThat(records().write(second)).isFalse();

        assertThat(records().read(TAG)).contains(first);
        assertThat(records().readAt("releases/" + TAG + ".json")).contains(first);
        JsonNode stored = MAPPER.readTree(openStore().get("releases/" + TAG + ".json").orElseThrow());
        assertThat(stored.path("lambda_version").asText()).isEqualTo("7");
        assertThat(stored.path("environment").asText()).isEqualTo("staging");
        assertThat(stored.path("code").path("s3_key").asText()).isEqualTo("code/" + TAG + "/function.zip");
        assertThat(stored.path("model").path("files").path("model.onnx").asText()).isEqualTo("ab12");
    }

    @Test
    void aModelOnlyReleaseIsNamedByItsModelVersion() {
        ReleaseRecord modelOnly = record(null, "3", "20261128T050012Z-3f9a1c2e");

        assertThat(records().write(modelOnly)).isTrue();

        assertThat(records().read("20261128T050012Z-3f9a1c2e")).contains(modelOnly);
        assertThat(ReleaseRecords.keyOf(modelOnly.name())).isEqualTo("releases/20261128T050012Z-3f9a1c2e.json");
    }

    @Test
    void readOfAMissingRecordIsEmpty() {
        assertThat(records().read("production-recommender-v2.0.0")).isEmpty();
    }

    @Test
    void namesAndKeysAreOnePlainPathSegment() {
        for (String bad : new String[] {"", "a/b", "../x", "..", ".hidden", "v1 2", "v1\n", "x".repeat(201), "tag:1"}) {
            assertThatThrownBy(() -> records().write(record(bad, "1", "m"))).as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> records().read(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> records().readAt("releases/" + bad + ".json"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (String badKey : new String[] {"deployments/x.json", "releases/x", "x.json", "releases/a/b.json"}) {
            assertThatThrownBy(() -> records().readAt(badKey)).as(badKey).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> records().read(null)).isInstanceOf(NullPointerException.class);
        assertThat(records().write(record("A-z_0.9", "1", "m"))).isTrue();
    }

    @Test
    void ofConcurrentWritersOfOneNameExactlyOneCreatesIt() throws Exception {
        int writers = 8;
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            ReleaseRecords records = records();
            ReleaseRecord record = record("production-recommender-v1.0.0", String.valueOf(w), "model-" + w);
            tasks.add(() -> records.write(record));
        }
        List<Boolean> results = ConcurrentTasks.runTogether(tasks);

        assertThat(results).filteredOn(Boolean::booleanValue).hasSize(1);
        int winner = results.indexOf(true);
        assertThat(records().read("production-recommender-v1.0.0"))
                .contains(record("production-recommender-v1.0.0", String.valueOf(winner), "model-" + winner));
    }

    @Test
    void aStoredFileThatIsNotARecordIsAnError() {
        openStore().put("releases/broken.json", "[1, 2]".getBytes(UTF_8));

        assertThatThrownBy(() -> records().read("broken")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broken.json");
    }

    static ReleaseRecord record(String tag, String lambdaVersion, String modelVersion) {
        ReleaseRecord.Code code = tag == null ? null
                : new ReleaseRecord.Code("code-bucket", "code/" + tag + "/function.zip", "c0ffee");
        return new ReleaseRecord(tag, Environment.STAGING, "mask-recommender-inference-staging", lambdaVersion,
                "3f9a1c2e", null, code, "c2hhMjU2", new ReleaseRecord.Model(modelVersion, "9f".repeat(32), Map.of("model.onnx", "ab12")),
                Instant.parse("2026-11-28T05:10:00Z"));
    }

}
