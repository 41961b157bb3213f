package org.maskrecommender.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.ForwardingBlobStore;
import org.maskrecommender.core.store.InMemoryBlobStore;
import org.maskrecommender.core.store.ModelStore;

/** A failed load is answered from memory for a growing, bounded while, and the holder recovers once the store does. */
class ModelHolderBackoffTest {

    private static final ObjectMapper MAPPER = Json.newMapper();

    /** Counts the reads of the pointer: one per load attempt. */
    private final AtomicInteger attempts = new AtomicInteger();
    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final ModelStore store = new ModelStore(new ForwardingBlobStore(blobs) {
        @Override
        public Optional<byte[]> get(String key) {
            if (key.equals("models/latest.json")) {
                attempts.incrementAndGet();
            }
            return super.get(key);
        }
    }, MAPPER);
    private Instant now = Instant.parse("2026-11-28T05:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void failuresAreRememberedForAGrowingBoundedWhileThenRetried() {
        ModelHolder holder = new ModelHolder(ModelLoader.latest(store, Environment.STAGING, MAPPER),
                ModelHolder.DEFAULT_BACKOFF, clock);

        ModelUnavailableException first = catchUnavailable(holder);
        assertThat(attempts).hasValue(1);
        assertThat(catchUnavailable(holder)).isSameAs(first);
        now = now.plusMillis(999);
        assertThat(catchUnavailable(holder)).isSameAs(first);
        assertThat(attempts).as("no download while the failure is remembered").hasValue(1);

        now = now.plusMillis(1);
        catchUnavailable(holder);
        assertThat(attempts).hasValue(2);
        now = now.plusMillis(1999);
        catchUnavailable(holder);
        assertThat(attempts).as("the second wait is twice the first").hasValue(2);
        now = now.plusMillis(1);
        catchUnavailable(holder);
        assertThat(attempts).hasValue(3);

        for (int i = 0; i < 10; i++) {
            now = now.plus(ModelHolder.MAX_BACKOFF);
            catchUnavailable(holder);
        }
        assertThat(attempts).as("never longer than the bound").hasValue(13);
    }

    @Test
    void itRecoversOnceTheStoreHasAModelAndThenKeepsIt() {
        ModelHolder holder = new ModelHolder(ModelLoader.latest(store, Environment.STAGING, MAPPER),
                ModelHolder.DEFAULT_BACKOFF, clock);
        catchUnavailable(holder);

        String version = TrainedModels.publish(store, Environment.STAGING, 200).version();
        assertThatThrownBy(holder::get).as("still inside the backoff").isInstanceOf(ModelUnavailableException.class);

        now = now.plus(Duration.ofSeconds(1));
        try (holder) {
            assertThat(holder.get().manifest().version()).isEqualTo(version);
            int after = attempts.get();
            now = now.plus(Duration.ofDays(1));
            assertThat(holder.get()).isSameAs(holder.get());
            assertThat(attempts).as("loaded once, kept for the container's life").hasValue(after);
        }
    }

    @Test
    void aPreloadScoresTheReferenceRowsOnceAndItsFailureCountsLikeARequests() {
        ModelHolder holder = new ModelHolder(ModelLoader.latest(store, Environment.STAGING, MAPPER),
                ModelHolder.DEFAULT_BACKOFF, clock);
        assertThatThrownBy(holder::preload).isInstanceOf(ModelUnavailableException.class);
        assertThat(holder.loaded()).isEmpty();
        assertThat(catchUnavailable(holder)).as("a request within the backoff is answered from memory").isNotNull();
        assertThat(attempts).hasValue(1);

        String version = TrainedModels.publish(store, Environment.STAGING, 200).version();
        now = now.plus(Duration.ofSeconds(1));
        try (holder) {
            LoadReport report = holder.preload().orElseThrow();
            assertThat(report.model().manifest().version()).isEqualTo(version);
            assertThat(report.referenceRows()).isPositive()
                    .isEqualTo(report.model().manifest().referencePredictions().size());
            assertThat(report.fetch()).isPositive();
            assertThat(report.session()).isPositive();
            assertThat(report.referenceCheck()).isPositive();
            assertThat(holder.loaded()).containsSame(report.model());
            int after = attempts.get();
            assertThat(holder.get()).as("the request after a preload uses its model").isSameAs(report.model());
            assertThat(holder.preload()).as("nothing to do once loaded").isEmpty();
            assertThat(attempts).hasValue(after);
        }
    }

    private static ModelUnavailableException catchUnavailable(ModelHolder holder) {
        try {
            holder.get();
        } catch (ModelUnavailableException e) {
            return e;
        }
        throw new AssertionError("expected the model to be unavailable");
    }
}
