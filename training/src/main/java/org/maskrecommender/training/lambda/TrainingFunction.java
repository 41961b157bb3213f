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
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.ledger.Trigger;
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
 */
@ApplicationScoped
public class TrainingFunction {

    private static final System.Logger LOG = System.getLogger(TrainingFunction.class.getName());

    private final TrainingConfig config;
    private final TrainingService service;
    private final ModelStore store;

    /** @param eventBridge asked for only when an event bus is configured, so local runs need no AWS settings */
    public TrainingFunction(TrainingConfig config, S3Client s3, Instance<EventBridgeClient> eventBridge,
                            Notifier notifier) {
        this.config = config;
        ObjectMapper mapper = Json.newMapper();
        ModelTrainedEvents events = config.eventBus()
                .<ModelTrainedEvents>map(bus -> new EventBridgeEvents(eventBridge.get(), bus, mapper))
                .orElse(ModelTrainedEvents.NONE);
        SourceReader sources = new SourceReader(() -> s3,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build(), config.appToken());
        this.service = TrainingService.builder().sources(sources).mapper(mapper).gitSha(config.gitSha())
                .notifier(notifier).events(events).build();
        this.store = new ModelStore(StoreLocation.open(config.modelStore(), () -> s3), mapper);
    }

    public TrainingResponse run(TrainingEvent event) {
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
                            config.gateSubgroupRocAucTolerance(), config.gateSubgroupMinRows())).withEvaluationFraction(config.evaluationFraction()),
                    Boolean.TRUE.equals(event.force()), config.inferenceFunction().orElse(null));
            TrainingResult result = service.train(request, store,
                    line -> LOG.log(System.Logger.Level.INFO, line));
            LOG.log(System.Logger.Level.INFO, () -> "published " + result.version() + " to " + result.location()
                    + " (" + result.promotion().reason() + "); Model Trained event: " + result.event());
            return TrainingResponse.published(result);
        } catch (TrainingException e) {
            return failed(e.code().key(), e.getMessage());
        } catch (IllegalArgumentException e) {
            // an unknown environment or trigger in the event
            return failed(TrainingException.Code.INVALID_REQUEST.key(), e.getMessage());
        }
    }

    private static TrainingResponse failed(String code, String message) {
        LOG.log(System.Logger.Level.ERROR, () -> "training failed [" + code + "]: " + message);
        return TrainingResponse.failed(code, message);
    }
}
