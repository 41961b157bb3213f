package org.maskrecommender.training.lambda;

import java.net.http.HttpClient;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.data.SourceReader;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.events.ModelTrainedEvent;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.core.metrics.EmfWriter;
import org.maskrecommender.core.metrics.Unit;
import org.maskrecommender.core.notify.Notifier;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.StoreLocation;
import org.maskrecommender.training.TrainingException;
import org.maskrecommender.training.TrainingRequest;
import org.maskrecommender.training.TrainingResult;
import org.maskrecommender.training.TrainingService;
import org.maskrecommender.training.TrainingSettings;
import org.maskrecommender.training.events.EventBridgeEvents;
import org.maskrecommender.training.events.ModelTrainedEvents;
import org.maskrecommender.training.gate.GateSettings;

/**
 * Runs the shared {@link TrainingService} for one event, with this function's configuration as the defaults.
 * Refuses events for another environment: a function only ever writes its own store.
 *
 * <p>A published run answers {@link TrainingResponse} and writes one metrics record (see
 * docs/operations.md#metrics). A failed run, and a promoted version whose Model Trained event could not be put, is
 * emailed and then thrown as a {@link TrainingFailure}, a function error whose type carries the failure code, so
 * that Lambda's {@code Errors} metric and the alarms on it see it.
 */
@ApplicationScoped
public class TrainingFunction {

    private static final System.Logger LOG = System.getLogger(TrainingFunction.class.getName());

    private final TrainingConfig config;
    private final ObjectMapper mapper = Json.newMapper();
    private final SourceReader sources;
    private final ModelTrainedEvents events;
    private final Notifier notifier;
    private final ModelStore store;
    private final EmfWriter metrics = EmfWriter.toLog();

    /** @param eventBridge asked for only when an event bus is configured, so local runs need no AWS settings */
    public TrainingFunction(TrainingConfig config, S3Client s3, Instance<EventBridgeClient> eventBridge,
                            Notifier notifier) {
        this.config = config;
        this.events = config.eventBus()
                .<ModelTrainedEvents>map(bus -> new EventBridgeEvents(eventBridge.get(), bus, mapper))
                .orElse(ModelTrainedEvents.NONE);
        this.sources = new SourceReader(() -> s3,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build(), config.appToken());
        this.notifier = notifier;
        this.store = new ModelStore(StoreLocation.open(config.modelStore(), () -> s3), mapper);
    }

    /**
     * @param requestId the Lambda request id, named in the failure email
     * @throws TrainingFailure when the run failed, or its promoted version could not be announced
     */
    public TrainingResponse run(TrainingEvent event, String requestId) {
        TrainingResult result;
        Announcement announcement = new Announcement(events);
        try {
            Environment environment = event.environment() == null ? config.environment()
                    : Environment.of(event.environment());
            if (environment != config.environment()) {
                throw new TrainingException(TrainingException.Code.INVALID_REQUEST, "this function trains "
                        + config.environment() + " models; the event asked for " + environment);
            }
            TrainingRequest request = new TrainingRequest(environment,
                    event.dataSource() != null ? event.dataSource() : config.dataSource().orElse(null),
                    event.catalogue() != null ? event.catalogue() : config.catalogue().orElse(null),
                    event.trigger() == null ? null : Trigger.Type.of(event.trigger()),
                    TrainingSettings.DEFAULT.withGate(new GateSettings(config.gateRocAucTolerance(),
                            config.gateMaxCalibrationError(), config.gateMinRocAuc(),
                            config.gateSubgroupRocAucTolerance(), config.gateSubgroupMinRows()))
                            .withEvaluationFraction(config.evaluationFraction()),
                    Boolean.TRUE.equals(event.force()), config.inferenceFunction().orElse(null));
            // A service per run, so that this run's announcement is its own.
            TrainingService service = TrainingService.builder().sources(sources).mapper(mapper)
                    .gitSha(config.gitSha()).notifier(notifier).events(announcement)
                    .maxRows(config.maxRows().orElse(TrainingService.DEFAULT_MAX_ROWS))
                    .maxRowsSetting("TRAINING_MAX_ROWS").build();
            result = service.train(request, store, line -> LOG.log(System.Logger.Level.INFO, line));
        } catch (TrainingException e) {
            throw fail(event, requestId, TrainingFailure.of(e.code().key(), e.getMessage(), e));
        } catch (IllegalArgumentException e) {
            // an unknown environment or trigger in the event
            throw fail(event, requestId, TrainingFailure.of(TrainingException.Code.INVALID_REQUEST.key(),
                    e.getMessage(), e));
        }
        LOG.log(System.Logger.Level.INFO, () -> "published " + result.version() + " to " + result.location()
                + " (" + result.promotion().reason() + "); Model Trained event: " + result.event());
        emitMetrics(result);
        if (announcement.failure != null) {
            throw fail(event, requestId, TrainingFailure.of(TrainingFailure.EVENT_FAILED, "published and promoted "
                    + result.version() + " to " + result.location() + ", but its Model Trained event could not be "
                    + "put, so the deployer will not release it: " + announcement.failure.getMessage(),
                    announcement.failure));
        }
        return TrainingResponse.published(result);
    }

    /** Held-out quality, data and time of a published run; the version and trigger as properties. */
    private void emitMetrics(TrainingResult result) {
        metrics.record(result.environment())
                .metric("RocAuc", Unit.NONE, result.metrics().path("roc_auc").asDouble(Double.NaN))
                .count("RowsKept", result.rows().kept())
                .count("RowsDropped", result.rows().droppedTotal())
                .metric("Seconds", Unit.SECONDS, result.seconds())
                .count("Promoted", result.promoted() ? 1 : 0)
                .property("model_version", result.version())
                .property("trigger", result.trigger() == null ? null : result.trigger().json())
                .property("trainer", result.trainer())
                .emit();
    }

    /** Logs and emails the failure (an email that fails is logged, never hides the failure), and returns it. */
    private TrainingFailure fail(TrainingEvent event, String requestId, TrainingFailure failure) {
        LOG.log(System.Logger.Level.ERROR, () -> "training failed [" + failure.code() + "]: " + failure.getMessage());
        try {
            notifier.send(TrainingFailedNotification.compose(config.environment(), event.trigger(), requestId,
                    failure));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the failure email could not be sent", e);
        }
        return failure;
    }

    /**
     * The function's announcer, remembering a failure to put the event: the service records it in the result and
     * carries on (the version is published either way), and the function then ends the run as an error.
     */
    private static final class Announcement implements ModelTrainedEvents {

        private final ModelTrainedEvents delegate;
        private RuntimeException failure;

        Announcement(ModelTrainedEvents delegate) {
            this.delegate = delegate;
        }

        @Override
        public String modelTrained(ModelTrainedEvent event) {
            try {
                return delegate.modelTrained(event);
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
    }
}
