package org.maskrecommender.training.lambda;

import java.net.http.HttpClient;
import java.time.Duration;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import org.jboss.logging.Logger;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.aws.AwsEnvironment;
import org.maskrecommender.core.data.SourceReader;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.notify.Notifier;
import org.maskrecommender.core.store.BlobStore;
import org.maskrecommender.core.store.DeployedModel;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.StoreLocation;
import org.maskrecommender.training.TrainingException;
import org.maskrecommender.training.TrainingRequest;
import org.maskrecommender.training.TrainingService;
import org.maskrecommender.training.TrainingSettings;
import org.maskrecommender.training.events.EventBridgeEvents;
import org.maskrecommender.training.events.ModelTrainedEvents;
import org.maskrecommender.training.gate.GateSettings;

/**
 * Runs the shared {@link TrainingService} for one event, with this function's configuration as the
 * defaults. Refuses events for another environment: a function only ever writes its own store.
 */
@ApplicationScoped
public class TrainingJob {

    private static final Logger LOG = Logger.getLogger(TrainingJob.class);

    private final TrainingConfig config;
    private final TrainingService service;
    private final BlobStore blobs;
    private final ModelStore store;
    private final ObjectMapper mapper = Json.newMapper();
    private final EventBridgeClient eventBridge;

    public TrainingJob(TrainingConfig config, S3Client s3, Mailer mailer) {
        this.config = config;
        SourceReader sources = new SourceReader(() -> s3,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build(), config.appToken());
        ModelTrainedEvents events = ModelTrainedEvents.NONE;
        if (config.eventBus().isPresent()) {
            Map<String, String> env = new HashMap<>(System.getenv());
            config.eventbridgeEndpoint().ifPresent(e -> env.put("AWS_ENDPOINT_URL_EVENTBRIDGE", e));
            var builder = EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create())
                    .region(AwsEnvironment.region(env)).credentialsProvider(AwsEnvironment.credentials(env));
            AwsEnvironment.endpoint(env, "EVENTBRIDGE").ifPresent(builder::endpointOverride);
            this.eventBridge = builder.build();
            events = new EventBridgeEvents(eventBridge, config.eventBus().get(), mapper);
        } else {
            this.eventBridge = null;
        }
        List<String> recipients = config.mailTo().orElse(List.of());
        Notifier notifier = n -> {
            if (!recipients.isEmpty()) {
                mailer.send(Mail.withText(recipients.get(0), n.subject(), n.body()).setTo(recipients));
            }
        };
        this.service = TrainingService.standard(sources, mapper, config.gitSha(), notifier, events);
        this.blobs = StoreLocation.open(config.modelStore(), () -> s3);
        this.store = new ModelStore(blobs, mapper);
    }

    @PreDestroy
    void close() {
        if (eventBridge != null) {
            eventBridge.close();
        }
    }

    /** The model the environment serves, per the deployer's ledger; null = compare with latest.json. */
    private String deployedModel() {
        try {
            return DeployedModel.fromLedger(blobs, config.inferenceFunction(), mapper).orElse(null);
        } catch (RuntimeException e) {
            LOG.warnf("cannot read the deployment ledger (%s); comparing with latest.json", e.getMessage());
            return null;
        }
    }

    public TrainingResponse run(TrainingEvent event) {
        String environment = event.environment() == null ? config.environment() : event.environment();
        if (!environment.equals(config.environment())) {
            return TrainingResponse.failed(TrainingException.Code.INVALID_REQUEST.key(), "this function trains "
                    + config.environment() + " models; the event asked for " + environment);
        }
        try {
            TrainingRequest request = new TrainingRequest(environment,
                    event.dataSource() != null ? event.dataSource() : config.dataSource().orElse(null),
                    event.catalogue() != null ? event.catalogue() : config.catalogue().orElse(null),
                    event.trigger(), TrainingSettings.DEFAULT.withGate(new GateSettings(config.gateRocAucTolerance(),
                            config.gateMaxCalibrationError())),
                    Boolean.TRUE.equals(event.force()), deployedModel());
            var result = service.train(request, store, LOG::info);
            LOG.infof("published %s to %s (%s); Model Trained event: %s", result.version(), result.location(),
                    result.promotion().reason(), result.event());
            return TrainingResponse.published(result);
        } catch (TrainingException e) {
            LOG.errorf("training failed [%s]: %s", e.code().key(), e.getMessage());
            return TrainingResponse.failed(e.code().key(), e.getMessage());
        }
    }
}
