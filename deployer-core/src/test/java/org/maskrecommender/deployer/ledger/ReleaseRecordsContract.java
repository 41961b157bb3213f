package org.maskrecommender.deployer.ledger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.BlobStore;

/** Release records over any {@link BlobStore}; subclasses supply a local directory or S3Proxy. */
abstract class ReleaseRecordsContract {

    static final ObjectMapper MAPPER = Json.newMapper();

    abstract BlobStore openStore();

    ReleaseRecords records() {
        return new ReleaseRecords(openStore(), MAPPER);
    }

    @Test
    void writtenOnceAndNeverOverwritten() {
        ObjectNode first = record("7", "20261128T050012Z-3f9a1c2e");
        ObjectNode second = record("8", "20261205T050003Z-9b2d0a11");

        assertThat(records().write("staging-recommender-v1.2.3", first)).isTrue();
        assertThat(records().write("staging-recommender-v1.2.3", second)).isFalse();

        assertThat(records().read("staging-recommender-v1.2.3")).contains(first);
        assertThat(openStore().exists("releases/staging-recommender-v1.2.3.json")).isTrue();
        assertThat(ReleaseRecords.keyOf("20261128T050012Z-3f9a1c2e")).isEqualTo("releases/20261128T050012Z-3f9a1c2e.json");
    }

    @Test
    void readOfAMissingRecordIsEmpty() {
        assertThat(records().read("production-recommender-v2.0.0")).isEmpty();
    }

    @Test
    void namesAreOnePlainPathSegment() {
        for (String bad : new String[] {"", "a/b", "../x", "..", ".hidden", "v1 2", "v1\n", "x".repeat(201), "tag:1"}) {
            assertThatThrownBy(() -> records().write(bad, record("1", "m"))).as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> records().read(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> records().read(null)).isInstanceOf(NullPointerException.class);
        assertThat(records().write("A-z_0.9", record("1", "m"))).isTrue();
    }

    @Test
    void ofConcurrentWritersOfOneNameExactlyOneCreatesIt() throws Exception {
        int writers = 8;
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            ReleaseRecords records = records();
            ObjectNode record = record(String.valueOf(w), "model-" + w);
            tasks.add(() -> records.write("production-recommender-v1.0.0", record));
        }
        List<Boolean> results = LedgerContract.runTogether(tasks);

        assertThat(results).filteredOn(Boolean::booleanValue).hasSize(1);
        int winner = results.indexOf(true);
        assertThat(records().read("production-recommender-v1.0.0")).contains(record(String.valueOf(winner), "model-" + winner));
    }

    @Test
    void aStoredFileThatIsNotAnObjectIsAnError() {
        openStore().put("releases/broken.json", "[1, 2]".getBytes(UTF_8));

        assertThatThrownBy(() -> records().read("broken")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broken.json");
    }

    static ObjectNode record(String lambdaVersion, String modelVersion) {
        ObjectNode record = MAPPER.createObjectNode();
        record.put("tag", "staging-recommender-v1.2.3");
        record.put("lambda_version", lambdaVersion);
        record.put("model_version", modelVersion);
        record.putObject("metrics").put("roc_auc", 0.79);
        return record;
    }
}
