package org.maskrecommender.deployer.trigger;

import static org.maskrecommender.deployer.trigger.EventFields.invalid;
import static org.maskrecommender.deployer.trigger.EventFields.optionalText;
import static org.maskrecommender.deployer.trigger.EventFields.quote;
import static org.maskrecommender.deployer.trigger.EventFields.requiredText;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.deployer.trigger.DeployerCommand.AlarmRollback;
import org.maskrecommender.deployer.trigger.DeployerCommand.Ignored;

/**
 * CloudWatch's {@code Alarm State Change} events (source {@code aws.cloudwatch}), as an EventBridge rule delivers
 * them: an alarm that went to {@code ALARM} on a Lambda alias becomes an {@link AlarmRollback}; other states, and
 * alarms on anything but a function alias, are {@link Ignored}. The function and alias come from the alarm's metric
 * dimensions as CloudWatch sends them: {@code FunctionName}, and {@code Resource} = {@code <function>:<alias>}.
 */
final class AlarmEvents {

    static final String SOURCE = "aws.cloudwatch";
    static final String DETAIL_TYPE = "CloudWatch Alarm State Change";

    private AlarmEvents() {
    }

    static DeployerCommand recognize(JsonNode event) {
        String id = EventFields.id(event, "id");
        if (id == null) {
            throw invalid("id is required");
        }
        JsonNode detail = event.get("detail");
        if (detail == null || !detail.isObject()) {
            throw invalid("detail must be an object");
        }
        String alarm = requiredText(detail, "alarmName", "detail.alarmName");
        JsonNode state = detail.get("state");
        String value = state == null || !state.isObject() ? null : optionalText(state, "value", "detail.state.value");
        if (value == null) {
            throw invalid("detail.state.value is required");
        }
        if (!"ALARM".equals(value)) {
            return new Ignored("alarm " + quote(alarm) + " is " + quote(value) + ": only ALARM rolls back");
        }
        Instant firedAt = firedAt(event, state);
        String resource = null;
        String function = null;
        for (JsonNode metric : detail.path("configuration").path("metrics")) {
            JsonNode dimensions = metric.path("metricStat").path("metric").path("dimensions");
            if (dimensions.isObject()) {
                resource = resource != null ? resource : optionalText(dimensions, "Resource", "Resource dimension");
                function = function != null ? function
                        : optionalText(dimensions, "FunctionName", "FunctionName dimension");
            }
        }
        if (function == null || resource == null || !resource.startsWith(function + ":")) {
            return new Ignored("alarm " + quote(alarm) + " does not watch a function alias (dimensions FunctionName "
                    + quote(function) + ", Resource " + quote(resource) + ")");
        }
        return new AlarmRollback(function, resource.substring(function.length() + 1), firedAt,
                Trigger.alarm(alarm, id));
    }

    /** The state change's own timestamp, else the event's time. */
    private static Instant firedAt(JsonNode event, JsonNode state) {
        String time = optionalText(state, "timestamp", "detail.state.timestamp");
        String path = "detail.state.timestamp";
        if (time == null) {
            time = requiredText(event, "time", "time");
            path = "time";
        }
        try {
            // CloudWatch writes offsets as +0000, which ISO_OFFSET_DATE_TIME does not read.
            return OffsetDateTime.parse(time.replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2")).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(path + " must be an ISO-8601 time, got " + quote(time));
        }
    }
}
