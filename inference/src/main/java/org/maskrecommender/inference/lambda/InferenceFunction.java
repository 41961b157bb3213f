package org.maskrecommender.inference.lambda;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.metrics.EmfWriter;
import org.maskrecommender.core.metrics.Unit;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.StoreLocation;
import org.maskrecommender.inference.InferenceService;
import org.maskrecommender.inference.InvocationLog;
import org.maskrecommender.inference.LoadReport;
import org.maskrecommender.inference.ModelHolder;
import org.maskrecommender.inference.ModelLoader;
import org.maskrecommender.inference.ModelUnavailableException;

/**
 * The container-wide pieces: one model holder (one ONNX Runtime session per container), the shared
 * {@link InferenceService}, and the one JSON log line per invocation: at error level with the exception for an
 * {@code internal_error}, at warning level for {@code model_unavailable} (its {@code detail} names the store, key and
 * hash the caller is not shown), else at info level. Then one metrics record per invocation (see
 * docs/operations.md#metrics): {@code Latency}, {@code MasksScored}, {@code ColdStart} and a count per outcome,
 * every outcome's count written (0 or 1) so that sums and rates over any period are complete. Neither line holds a
 * facial measurement.
 *
 * <p>The model is loaded while the container initialises (Quarkus's StartupEvent, which the Lambda extension fires
 * in the handler's class initialisation, i.e. in Lambda's Init phase: see {@code quarkus.snapstart.full-warmup}),
 * so the first request does not wait for the store and a SnapStart snapshot holds a verified model whose ONNX
 * Runtime session has already scored the manifest's reference rows. One log line and one metrics record say what
 * that cost. A model that cannot be loaded then does not stop the container: the failure is logged and counts like
 * a request's (model_unavailable within the backoff, a new attempt after it), as when the store heals later.
 */
@ApplicationScoped
public class InferenceFunction {

    private static final System.Logger LOG = System.getLogger("mask-recommender.inference");
    private static final System.Logger METRICS_LOG = System.getLogger(EmfWriter.LOGGER);

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

    private volatile Initialisation initialisation;

    public InferenceFunction(InferenceConfig config, S3Client s3) {
        ModelStore store = new ModelStore(StoreLocation.open(config.modelStore(), () -> s3), mapper);
        this.holder = new ModelHolder(new ModelLoader(store, config.modelVersion(), config.modelManifestSha256(),
                config.environment(), mapper), config.modelLoadBackoff(), Clock.systemUTC());
        this.service = new InferenceService(holder, mapper, config.defaultResponseFormat());
        this.environment = config.environment();
    }

    /** Loads the model before the first request; never fails the start (see the class comment). */
    void initialise(@Observes StartupEvent event) {
        Optional<Duration> startup = uptime();
        Optional<LoadReport> load = Optional.empty();
        String failure = null;
        RuntimeException unexpected = null;
        try {
            load = holder.preload();
        } catch (ModelUnavailableException e) {
            failure = e.getMessage();
        } catch (RuntimeException e) {
            // a bug rather than an unavailable model: requests will meet it too (internal_error), not the start
            failure = e.toString();
            unexpected = e;
        }
        EmfWriter.Record record = metrics.record(environment).count("ModelLoadedAtInit", load.isPresent() ? 1 : 0);
        startup.ifPresent(d -> record.metric("StartupDuration", Unit.MILLISECONDS, millis(d)));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "init");
        startup.ifPresent(d -> line.put("startup_ms", millis(d)));
        load.ifPresent(l -> {
            record.metric("ModelFetchDuration", Unit.MILLISECONDS, millis(l.fetch()))
                    .metric("ModelSessionDuration", Unit.MILLISECONDS, millis(l.session()))
                    .metric("ReferenceCheckDuration", Unit.MILLISECONDS, millis(l.referenceCheck()))
                    .count("ReferenceRowsScored", l.referenceRows())
                    .property("model_version", l.model().manifest().version());
            line.put("model_version", l.model().manifest().version());
            line.put("model_fetch_ms", millis(l.fetch()));
            line.put("model_session_ms", millis(l.session()));
            line.put("reference_check_ms", millis(l.referenceCheck()));
            line.put("reference_rows_scored", l.referenceRows());
        });
        String emf = record.json();
        this.initialisation = new Initialisation(startup, load, Optional.ofNullable(failure), emf);
        try {
            if (failure != null) {
                line.put("outcome", unexpected == null ? "model_unavailable" : "internal_error");
                line.put("detail", failure);
                if (unexpected == null) {
                    LOG.log(System.Logger.Level.WARNING, mapper.writeValueAsString(line));
                } else {
                    LOG.log(System.Logger.Level.ERROR, mapper.writeValueAsString(line), unexpected);
                }
            } else {
                line.put("outcome", "ok");
                LOG.log(System.Logger.Level.INFO, mapper.writeValueAsString(line));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the init log line", e);
        }
        METRICS_LOG.log(System.Logger.Level.INFO, emf);
    }

    /**
     * The JVM's (or native executable's) uptime, from its own start time in ms: a process's start time from /proc
     * is only as precise as the boot time (1 s). Empty where the platform has no runtime MXBean.
     */
    private static Optional<Duration> uptime() {
        try {
            return Optional.of(Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }

    /** What this container's initialisation did; null until the application has started. */
    public Initialisation initialisation() {
        return initialisation;
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
