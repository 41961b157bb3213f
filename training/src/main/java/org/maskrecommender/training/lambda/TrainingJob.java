package org.maskrecommender.training.lambda;

import java.net.http.HttpClient;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.data.SourceReader;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.StoreLocation;
import org.maskrecommender.training.TrainingException;
import org.maskrecommender.training.TrainingRequest;
import org.maskrecommender.training.TrainingService;

/**
 * Runs the shared {@link TrainingService} for one event, with this function's configuration as the
 * defaults. Refuses events for another environment: a function only ever writes its own store.
 */
@ApplicationScoped
public class TrainingJob {

    private static final Logger LOG = Logger.getLogger(TrainingJob.class);

    private final TrainingConfig config;
    private final TrainingService service;
    private final ModelStore store;

    public TrainingJob(TrainingConfig config, S3Client s3) {
        this.config = config;
        var mapper = Json.newMapper();
        SourceReader sources = new SourceReader(() -> s3,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build(), config.appToken());
        this.service = TrainingService.standard(sources, mapper, config.gitSha());
        this.store = new ModelStore(StoreLocation.open(config.modelStore(), () -> s3), mapper);
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
                    event.trigger(), null);
            var result = service.train(request, store, LOG::info);
            LOG.infof("published %s to %s", result.version(), result.location());
            return TrainingResponse.published(result);
        } catch (TrainingException e) {
            LOG.errorf("training failed [%s]: %s", e.code().key(), e.getMessage());
            return TrainingResponse.failed(e.code().key(), e.getMessage());
        }
    }
}
