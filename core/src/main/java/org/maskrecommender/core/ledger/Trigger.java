package org.maskrecommender.core.ledger;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What started a training run, a release or a rollback, as requests, events, the ledger and emails report it.
 *
 * @param type    {@link Type}: the schedule, a release tag, or a person
 * @param eventId EventBridge event id or the invoke's {@code event_id}; a release is done at most once per id
 *                (null: none)
 * @param actor   who or what delivered it: the operator, the release workflow's GitHub actor, {@code eventbridge}
 * @param tag     the release tag, for tag releases
 * @param gitSha  commit of the code, when known
 * @param runUrl  the GitHub Actions run, when known
 * @param alarm   the CloudWatch alarm whose state change started it, for {@link Type#ALARM}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Trigger(Type type, String eventId, String actor, String tag, String gitSha, String runUrl,
                      String alarm) {

    /** Actor of triggers delivered by EventBridge (a Model Trained event, an alarm's state change). */
    public static final String EVENTBRIDGE_ACTOR = "eventbridge";

    /** A trigger that is not an alarm's. */
    public Trigger(Type type, String eventId, String actor, String tag, String gitSha, String runUrl) {
        this(type, eventId, actor, tag, gitSha, runUrl, null);
    }

    /** An alarm's state change, delivered by EventBridge as event {@code eventId}. */
    public static Trigger alarm(String alarmName, String eventId) {
        return new Trigger(Type.ALARM, eventId, EVENTBRIDGE_ACTOR, null, null, null, alarmName);
    }

    /**
     * The one vocabulary of "what started it", shared by training requests, Model Trained events and ledger
     * entries. The action (train, release, rollback) is said elsewhere; this says why it happened.
     */
    public enum Type {
        /** The weekly schedule. */
        SCHEDULE("Weekly Auto-Retrain"),
        /** A release tag ({@code staging-recommender-v1.2.3}). */
        TAG("Version Tag"),
        /** A person: an operator's command, a manual workflow run, an on-demand invoke. */
        MANUAL("Manual"),
        /** A CloudWatch alarm on alias {@code live} going to ALARM (automatic rollback within the bake window). */
        ALARM("Alarm");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        /** The human label emails use, e.g. "Version Tag". */
        public String label() {
            return label;
        }

        /** {@code schedule}, {@code tag}, {@code manual} or {@code alarm}. */
        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The type of that JSON name. Also reads the names ledgers written before the vocabulary was unified
         * ({@code weekly_retrain}, {@code version_tag}, {@code model_trained}, {@code manual_deploy},
         * {@code manual_rollback}), so no recorded entry becomes unreadable.
         *
         * @throws IllegalArgumentException naming the accepted values
         */
        @JsonCreator
        public static Type of(String json) {
            if (json != null) {
                switch (json) {
                    case "schedule", "weekly_retrain":
                        return SCHEDULE;
                    case "tag", "version_tag":
                        return TAG;
                    case "manual", "model_trained", "manual_deploy", "manual_rollback":
                        return MANUAL;
                    case "alarm":
                        return ALARM;
                    default:
                        break;
                }
            }
            throw new IllegalArgumentException("trigger must be schedule, tag, manual or alarm, got "
                    + (json == null ? "nothing" : "'" + (json.length() > 40 ? json.substring(0, 40) + "…" : json) + "'"));
        }
    }
}
