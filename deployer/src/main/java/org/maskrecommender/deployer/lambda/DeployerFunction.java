package org.maskrecommender.deployer.lambda;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.ledger.LedgerEntry;
import org.maskrecommender.core.metrics.EmfWriter;
import org.maskrecommender.core.notify.Notifier;
import org.maskrecommender.deployer.DeployerService;
import org.maskrecommender.deployer.DeployerServices;
import org.maskrecommender.deployer.alarm.BakeWatch;
import org.maskrecommender.deployer.release.DeploymentTarget;

/**
 * The deployer's services, assembled once per container from configuration and the extensions' clients. After a
 * release or rollback ran (an answer with a ledger entry, not a duplicate) it writes one metrics record: a count per
 * outcome of that action, by environment and trigger type (see docs/operations.md#metrics).
 */
@ApplicationScoped
public class DeployerFunction {

    private static final System.Logger LOG = System.getLogger(DeployerFunction.class.getName());
    /** The outcomes a concluded release or rollback has; each is counted (0 or 1), so sums and rates are complete. */
    private static final List<LedgerEntry.Outcome> OUTCOMES = List.of(LedgerEntry.Outcome.SUCCEEDED,
            LedgerEntry.Outcome.FAILED, LedgerEntry.Outcome.REFUSED);

    private final ObjectMapper mapper = Json.newMapper();
    private final DeployerService service;
    private final EmfWriter metrics = EmfWriter.toLog();

    public DeployerFunction(DeployerConfig config, LambdaClient lambda, S3Client s3, Notifier notifier) {
        DeployerServices.Builder deployer = DeployerServices.builder().lambda(lambda).s3(() -> s3)
                .notifier(notifier).mapper(mapper).canaryInvocations(config.canaryInvocations())
                .updateWait(config.pollDelay(), config.maxWait()).publishWait(config.publishWait());
        Map<Environment, List<String>> alarms = new EnumMap<>(Environment.class);
        config.environments().forEach((id, t) -> {
            t.alarms().ifPresent(names -> alarms.put(Environment.of(id), names));
            DeploymentTarget target = DeploymentTarget.of(Environment.of(id), t.modelStore())
                    .withFunctionName(t.function());
            deployer.target(t.codeBucket().map(bucket -> target.withCodeBucket(bucket, t.codeKeyPrefix()))
                    .orElse(target));
        });
        this.service = deployer.bakeWatch(new BakeWatch(config.bakeWindow(), alarms)).build().service();
    }

    public byte[] invoke(byte[] event) {
        JsonNode response = service.handle(event).response();
        emitMetrics(response);
        try {
            return mapper.writeValueAsBytes(response);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the response", e);
        }
    }

    /** The answer's ledger entry, when a release or rollback ran this time; read back as the ledger's own type. */
    private void emitMetrics(JsonNode response) {
        JsonNode entryJson = response.path("entry");
        if (!entryJson.isObject() || "duplicate".equals(response.path("status").asText())) {
            return;
        }
        LedgerEntry entry;
        try {
            entry = mapper.treeToValue(entryJson, LedgerEntry.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // metrics never fail a release that already happened
            LOG.log(System.Logger.Level.WARNING, "no metrics for this answer: its entry does not read back", e);
            return;
        }
        if (entry.action() == null || entry.outcome() == null || entry.environment() == null) {
            return;
        }
        String action = capitalised(entry.action().json());
        EmfWriter.Record record = metrics.record(entry.environment())
                .dimension("Trigger", entry.trigger() == null || entry.trigger().type() == null ? "unknown"
                        : entry.trigger().type().json());
        OUTCOMES.forEach(o -> record.count(action + capitalised(o.json()), entry.outcome() == o ? 1 : 0));
        record.property("function", entry.function()).property("from_version", entry.fromVersion())
                .property("to_version", entry.toVersion()).property("model_version", entry.modelVersion())
                .property("entry_id", entry.id())
                .property("event_id", entry.trigger() == null ? null : entry.trigger().eventId())
                .property("tag", entry.trigger() == null ? null : entry.trigger().tag())
                .emit();
    }

    private static String capitalised(String word) {
        return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }
}
