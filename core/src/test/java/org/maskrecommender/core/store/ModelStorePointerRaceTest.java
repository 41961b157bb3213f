package org.maskrecommender.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;

import org.maskrecommender.core.json.Json;

/**
 * Concurrent publishes of different versions, over a store whose conditional writes are atomic: however they
 * interleave, {@code latest.json} ends on the newest, and every version is complete.
 */
class ModelStorePointerRaceTest {

    @Test
    void ofConcurrentPublishesTheNewestEndsLatest() throws Exception {
        for (int round = 0; round < 20; round++) {
            ModelStore store = new ModelStore(new InMemoryBlobStore(), Json.newMapper());
            List<Callable<PublishedVersion>> publishes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ModelArtifacts artifacts = TestArtifacts.artifacts("2026-11-2" + (i + 1) + "T05:00:12Z", "model-" + i, "[]");
                publishes.add(() -> store.publish(artifacts));
            }
            List<PublishedVersion> published = ConcurrentTasks.runTogether(publishes);

            PublishedVersion newest = published.get(published.size() - 1);
            assertThat(store.latest()).as("round %d", round).contains(newest.ref());
            assertThat(newest.latest()).isTrue();
            for (PublishedVersion p : published) {
                assertThat(store.load(p.ref()).modelOnnx()).isNotEmpty();
            }
        }
    }
}
