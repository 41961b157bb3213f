package org.maskrecommender.deployer;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What started a release or rollback, as the ledger and the email report it.
 *
 * @param type     {@link Type}
 * @param eventId  GitHub delivery id or EventBridge event id; a release is done at most once per id (null: none)
 * @param actor    who: GitHub sender, workflow, operator, "eventbridge"
 * @param tag      the release tag, for tag releases
 * @param gitSha   commit of the code, when known
 * @param runUrl   the GitHub Actions run, when known
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Trigger(Type type, String eventId, String actor, String tag, String gitSha, String runUrl) {

    /** The kinds of trigger, with the label emails use. */
    public enum Type {
        WEEKLY_RETRAIN("Weekly Auto-Retrain"),
        MODEL_TRAINED("Model Trained"),
        VERSION_TAG("Version Tag"),
        MANUAL_DEPLOY("Manual Deploy"),
        MANUAL_ROLLBACK("Manual Rollback");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        /** The human label, e.g. "Version Tag". */
        public String label() {
            return label;
        }

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
