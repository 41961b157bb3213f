package org.maskrecommender.deployer.trigger;

import static org.maskrecommender.deployer.trigger.EventFields.invalid;
import static org.maskrecommender.deployer.trigger.EventFields.optionalText;
import static org.maskrecommender.deployer.trigger.EventFields.quote;
import static org.maskrecommender.deployer.trigger.EventFields.refused;
import static org.maskrecommender.deployer.trigger.EventFields.requiredText;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.events.ModelTrainedEvent;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.deployer.trigger.DeployerCommand.Ignored;
import org.maskrecommender.deployer.trigger.DeployerCommand.Invalid;
import org.maskrecommender.deployer.trigger.DeployerCommand.ReleaseModel;
import org.maskrecommender.deployer.trigger.DeployerCommand.ScheduledTick;

/**
 * Turns every event the deployer Lambda receives into one {@link DeployerCommand}. Never throws for bad input:
 * anything unusable becomes {@link Invalid}, {@link DeployerCommand.Refused} or {@link Ignored} with a reason
 * naming the field.
 *
 * <p>Two shapes:
 * <ol>
 *   <li><b>EventBridge</b> ({@code source} + {@code detail-type}): a {@link ModelTrainedEvent} →
 *       {@link ReleaseModel} (the training run's trigger; event id = the event's {@code id}; actor
 *       {@code eventbridge}); {@code aws.cloudwatch} / {@code CloudWatch Alarm State Change} →
 *       {@link DeployerCommand.AlarmRollback} ({@link AlarmEvents}); {@code aws.events} / {@code Scheduled Event} →
 *       {@link ScheduledTick}; others →
 *       {@link Ignored}.</li>
 *   <li><b>Direct invoke</b> ({@code action}), from the release workflow and operators: see
 *       {@link DirectInvokes}.</li>
 * </ol>
 * The deployer has no public endpoint: API Gateway or Function URL events are {@link Invalid}. Environments
 * must be among those this deployer is configured for, otherwise {@link DeployerCommand.Refused}. The parse is
 * strict (duplicate keys, trailing content). Thread-safe.
 */
public final class EventRecognizer {

    private final Set<Environment> environments;
    private final DirectInvokes directInvokes;
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** @param environments the environments releases may target (non-empty) */
    public EventRecognizer(Set<Environment> environments) {
        Objects.requireNonNull(environments, "environments");
        if (environments.isEmpty()) {
            throw new IllegalArgumentException("at least one environment must be allowed");
        }
        this.environments = Set.copyOf(environments);
        this.directInvokes = new DirectInvokes(this.environments);
    }

    /** Parses the raw event JSON and recognises it; malformed JSON is {@link Invalid}. */
    public DeployerCommand recognize(byte[] eventJson) {
        if (eventJson == null || eventJson.length == 0) {
            return new Invalid("empty event: expected a JSON object");
        }
        JsonNode event;
        try {
            event = mapper.readTree(eventJson);
        } catch (IOException e) {
            return new Invalid("malformed JSON event: " + shortMessage(e));
        }
        return recognize(event);
    }

    /** Recognises a parsed event; package-private because only the strict parse above may produce the tree. */
    DeployerCommand recognize(JsonNode event) {
        try {
            return recognizeOrReject(event);
        } catch (EventFields.Rejection r) {
            return r.command();
        }
    }

    private DeployerCommand recognizeOrReject(JsonNode event) {
        if (event == null || event.isMissingNode() || event.isNull()) {
            throw invalid("empty event: expected a JSON object");
        }
        if (!event.isObject()) {
            throw invalid("the event is not a JSON object");
        }
        if (event.has("requestContext") || event.has("httpMethod") || event.has("rawPath")) {
            throw invalid("HTTP requests are not accepted: the deployer has no public endpoint; the release "
                    + "workflow invokes it directly with its own credentials");
        }
        if (event.has("detail-type") && event.has("source")) {
            return fromEventBridge(event);
        }
        if (event.has("action")) {
            return directInvokes.recognize(event);
        }
        throw invalid("unrecognised event: expected an EventBridge event (source, detail-type) or a direct invoke "
                + "with \"action\" (deploy, rollback, status)");
    }

    private DeployerCommand fromEventBridge(JsonNode event) {
        String source = requiredText(event, "source", "source");
        String detailType = requiredText(event, "detail-type", "detail-type");
        if ("aws.events".equals(source) && "Scheduled Event".equals(detailType)) {
            List<String> resources = new ArrayList<>();
            JsonNode r = event.get("resources");
            if (r != null && r.isArray()) {
                r.forEach(node -> {
                    if (node.isTextual()) {
                        resources.add(node.asText());
                    }
                });
            }
            return new ScheduledTick(optionalText(event, "id", "id"), optionalText(event, "time", "time"), resources);
        }
        if (ModelTrainedEvent.SOURCE.equals(source) && ModelTrainedEvent.DETAIL_TYPE.equals(detailType)) {
            return modelTrained(event);
        }
        if (AlarmEvents.SOURCE.equals(source) && AlarmEvents.DETAIL_TYPE.equals(detailType)) {
            return AlarmEvents.recognize(event);
        }
        return new Ignored("EventBridge event " + quote(detailType) + " from " + quote(source) + " is not handled");
    }

    private DeployerCommand modelTrained(JsonNode event) {
        String id = requiredText(event, "id", "id");
        if (id.length() > EventFields.MAX_ID_LENGTH) {
            throw invalid("id is too long");
        }
        ModelTrainedEvent trained;
        try {
            trained = ModelTrainedEvent.fromDetail(event.get("detail"));
        } catch (Environment.UnknownEnvironmentException e) {
            throw refused(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        EventFields.checkAllowed(trained.environment(), "detail.environment", environments);
        return new ReleaseModel(trained.environment(), trained.modelVersion(), trained.manifestSha256(),
                new Trigger(trained.trigger(), id, Trigger.EVENTBRIDGE_ACTOR, null, null, null), null);
    }

    private static String shortMessage(IOException e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
