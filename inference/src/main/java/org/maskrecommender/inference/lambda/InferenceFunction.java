package org.maskrecommender.inference.lambda;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.metrics.EmfWriter;
import org.maskrecommender.core.metrics.Unit;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.StoreLocation;
import org.maskrecommender.inference.InferenceService;
import org.maskrecommender.inference.InvocationLog;
import org.maskrecommender.inference.ModelHolder;
import org.maskrecommender.inference.ModelLoader;

/**
 * The container-wide pieces: one model holder (one ONNX Runtime session per container), the shared
 * {@link InferenceService}, and the one JSON log line per invocation: at error level with the exception for an
 * {@code internal_error}, at warning level for {@code model_unavailable} (its {@code detail} names the store, key and
 * hash the caller is not shown), else at info level. Then one metrics record per invocation (see
 * docs/operations.md#metrics): {@code Latency}, {@code MasksScored}, {@code ColdStart} and a count per outcome,
 * every outcome's count written (0 or 1) so that sums and rates over any period are complete. Neither line holds a
 * facial measurement.
 */
@ApplicationScoped
public class InferenceFunction {

    private static final System.Logger LOG = System.getLogger("mask-recommender.inference");

    /** The outcome metric of each {@link InvocationLog#outcome()}, in CloudWatch's naming. */
    private static final List<Map.Entry<String, String>> OUTCOME_METRICS = List.of(Map.entry("ok", "Ok"),
            Map.entry("invalid_request", "InvalidRequest"), Map.entry("model_unavailable", "ModelUnavailable"),
            Map.entry("internal_error", "InternalError"));

    private final ObjectMapper mapper = Json.newMapper();
    private final ModelHolder holder;
    private final InferenceService service;
    private final Environment environment;
    private final EmfWriter metrics = EmfWriter.toLog();
    /** One function instance per container: its first invocation is the container's cold start. */
    private final AtomicBoolean cold = new AtomicBoolean(true);

    public InferenceFunction(InferenceConfig config, S3Client s3) {
        ModelStore store = new ModelStore(StoreLocation.open(config.modelStore(), () -> s3), mapper);
        this.holder = new ModelHolder(new ModelLoader(store, config.modelVersion(), config.modelManifestSha256(),
                config.environment(), mapper), config.modelLoadBackoff(), Clock.systemUTC());
        this.service = new InferenceService(holder, mapper, config.defaultResponseFormat());
        this.environment = config.environment();
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
            emitMetrics(answer.log());
            return mapper.writeValueAsBytes(answer.response());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the response", e);
        }
    }

    private void emitMetrics(InvocationLog log) {
        EmfWriter.Record record = metrics.record(environment)
                .metric("Latency", Unit.MILLISECONDS, log.latencyMs())
                .count("MasksScored", log.masksScored())
                .count("ColdStart", cold.getAndSet(false) ? 1 : 0);
        OUTCOME_METRICS.forEach(o -> record.count(o.getValue(), o.getKey().equals(log.outcome()) ? 1 : 0));
        record.property("model_version", log.modelVersion()).property("method", log.method())
                .property("outcome", log.outcome()).property("request_id", log.requestId()).emit();
    }

    @PreDestroy
    void close() {
        holder.close();
    }
}
