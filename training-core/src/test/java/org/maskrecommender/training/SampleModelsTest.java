package org.maskrecommender.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.VerifiedModel;

/** The test helper other modules' tests publish real models with: a copy must be a valid publish. */
class SampleModelsTest {

    private final ObjectMapper mapper = Json.newMapper();

    @TempDir
    Path dir;

    @Test
    void aCopiedModelIsAVerifiedVersionThatLatestPointsAt() {
        ModelStore store = new ModelStore(new LocalBlobStore(dir.resolve("a")), mapper);

        String version = SampleModels.publish(store, Environment.PRODUCTION, 120);

        assertThat(store.latestVersion()).contains(version);
        VerifiedModel model = store.load(store.latest().orElseThrow());
        assertThat(model.manifest().version()).isEqualTo(version);
        assertThat(model.manifest().environment()).isEqualTo(Environment.PRODUCTION);
        assertThat(model.manifest().promotion().path("promoted").asBoolean()).isTrue();
    }

    @Test
    void theSameModelIsTheSameVersionInEveryStoreAndEachStoreTakesItOnce() {
        ModelStore a = new ModelStore(new LocalBlobStore(dir.resolve("a")), mapper);
        ModelStore b = new ModelStore(new LocalBlobStore(dir.resolve("b")), mapper);

        String first = SampleModels.publish(a, Environment.STAGING, 120);
        String other = SampleModels.publish(a, Environment.STAGING, 130);
        assertThat(SampleModels.publish(b, Environment.STAGING, 120)).isEqualTo(first);

        assertThat(other).isNotEqualTo(first);
        assertThat(a.latestVersion()).contains(other);
        assertThat(b.latestVersion()).contains(first);
        assertThat(SampleModels.version(Environment.STAGING, 120)).isEqualTo(first);
        assertThatThrownBy(() -> SampleModels.publish(a, Environment.STAGING, 120))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(first).hasMessageContaining("exists");
        assertThat(a.latestVersion()).as("a refused publish leaves latest.json").contains(other);
    }
}
