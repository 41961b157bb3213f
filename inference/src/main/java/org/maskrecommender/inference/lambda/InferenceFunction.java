package org.maskrecommender.inference.lambda;

import java.time.Clock;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.StoreLocation;
import org.maskrecommender.inference.InferenceService;
import org.maskrecommender.inference.ModelHolder;
import org.maskrecommender.inference.ModelLoader;

/**
 * The container-wide pieces: one model holder (one ONNX Runtime session per container), the shared
 * {@link InferenceService}, and the one JSON log line per invocation: at error level with the exception for an
 * {@code internal_error}, at warning level for {@code model_unavailable} (its {@code detail} names the store, key and
 * hash the caller is not shown), else at info level.
 */
@ApplicationScoped
public class InferenceFunction {

    private static final System.Logger LOG = System.getLogger("mask-recommender.inference");

    private final ObjectMapper mapper = Json.newMapper();
    private final ModelHolder holder;
    private final InferenceService service;

    public InferenceFunction(InferenceConfig config, S3Client s3) {
        ModelStore store = new ModelStore(StoreLocation.open(config.modelStore(), () -> s3), mapper);
        this.holder = new ModelHolder(new ModelLoader(store, config.modelVersion(), config.modelManifestSha256(),
                config.environment(), mapper), config.modelLoadBackoff(), Clock.systemUTC());
        this.service = new InferenceService(holder, mapper, config.defaultResponseFormat());
    }

    public byte[] invoke(byte[] event, String requestId) {
        InferenceService.Answer answer = service.handle(event, requestId);
        try {
            String line = mapper.writeValueAsString(answer.log());
            if (answer.failure() != null) {
                LOG.log(System.Logger.Level.ERROR, line, answer.failure());
            } else if (answer.log().detail() != null) {
                LOG.log(System.Logger.Level.WARNING, line);
            } else {
                LOG.log(System.Logger.Level.INFO, line);
            }
            return mapper.writeValueAsBytes(answer.response());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the response", e);
        }
    }

    @PreDestroy
    void close() {
        holder.close();
    }
}
