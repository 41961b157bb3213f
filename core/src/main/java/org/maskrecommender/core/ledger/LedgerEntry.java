package org.maskrecommender.core.ledger;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.maskrecommender.core.environment.Environment;



/**
 * One release or rollback of one function, successful or not.
 *
 * @param id           unique id of the entry (UUID)
 * @param time         when it finished (UTC)
 * @param action       release or rollback
 * @param environment  the environment of the function
 * @param function     the Lambda function
 * @param trigger      what started it
 * @param fromVersion  the Lambda version alias {@code live} pointed at before (null if the alias did not exist)
 * @param toVersion    the Lambda version it was moved to (null when it failed before publishing)
 * @param modelVersion the model version released
 * @param codeSha256   the code package's sha256 (Lambda's base64 CodeSha256), when known
 * @param outcome      pending, succeeded, failed or refused
 * @param error        what went wrong, null on success
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LedgerEntry(String id, Instant time, Action action, Environment environment, String function,
                          Trigger trigger, String fromVersion, String toVersion, String modelVersion,
                          String codeSha256, Outcome outcome, String error) {

    /** What was done. */
    public enum Action {
        RELEASE, ROLLBACK;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How it ended. */
    public enum Outcome {
        /**
         * Committed, the alias not yet moved: a later entry with the same id concludes it. Readers of the deployed
         * state skip it, so a failure (or a crash) between commit and alias move never reads as a success.
         */
        PENDING,
        SUCCEEDED, FAILED, REFUSED;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
