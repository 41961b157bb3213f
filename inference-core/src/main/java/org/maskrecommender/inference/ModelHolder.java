package org.maskrecommender.inference;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The model of this container: loaded at initialisation ({@link #preload()}) or on first use, and then reused by every invocation (one ONNX Runtime session
 * for the container's life). A failed load is remembered only for a short, growing while (by default 1 s,
 * doubling, at most {@link #MAX_BACKOFF}): invocations in that window get the same answer without downloading the
 * model again, and the first one after it tries again, so an outage at cold start heals without poisoning the
 * container and a broken model does not cost a download per request.
 */
public final class ModelHolder implements AutoCloseable {

    /** The longest a failure is answered from memory before the store is asked again. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    /** How long the first failure is remembered unless configured otherwise. */
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);

    private final ModelLoader loader;
    private final Duration firstBackoff;
    private final Clock clock;
    private volatile LoadedModel model;
    private ModelUnavailableException lastFailure;
    private Instant retryAt = Instant.MIN;
    private Duration backoff;

    public ModelHolder(ModelLoader loader) {
        this(loader, DEFAULT_BACKOFF, Clock.systemUTC());
    }

    /** @param firstBackoff how long the first failure is remembered; zero retries on every invocation */
    public ModelHolder(ModelLoader loader, Duration firstBackoff, Clock clock) {
        this.loader = loader;
        this.firstBackoff = firstBackoff;
        this.backoff = firstBackoff;
        this.clock = clock;
    }

    /** @throws ModelUnavailableException when loading fails (or failed less than a backoff ago) */
    public LoadedModel get() {
        LoadedModel m = model;
        if (m != null) {
            return m;
        }
        synchronized (this) {
            return model != null ? model : load().model();
        }
    }

    /**
     * Loads the model now unless it is loaded already: what a container's initialisation calls so its first request
     * does not wait for the store (and a SnapStart snapshot holds the model). A failure counts like one of
     * {@link #get()}'s: the next request within the backoff gets the same answer, the first after it tries again.
     *
     * @return what the load cost; empty when the model was already loaded
     * @throws ModelUnavailableException when loading fails (or failed less than a backoff ago)
     */
    public synchronized Optional<LoadReport> preload() {
        return model != null ? Optional.empty() : Optional.of(load());
    }

    /** The model if it is loaded, without loading it. */
    public Optional<LoadedModel> loaded() {
        return Optional.ofNullable(model);
    }

    private LoadReport load() {
        Instant now = clock.instant();
        if (lastFailure != null && now.isBefore(retryAt)) {
            throw lastFailure;
        }
        try {
            LoadReport report = loader.loadWithReport();
            model = report.model();
            lastFailure = null;
            backoff = firstBackoff;
            return report;
        } catch (ModelUnavailableException e) {
            lastFailure = e;
            retryAt = now.plus(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (model != null) {
            model.close();
            model = null;
        }
    }
}
