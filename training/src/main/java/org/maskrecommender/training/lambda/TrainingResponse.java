package org.maskrecommender.training.lambda;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.maskrecommender.training.TrainingResult;

/**
 * The training function's answer: {@code status: published} with the result's fields, or
 * {@code status: failed} with an error code and message. Failures are answers, not function errors,
 * so a caller (workflow, operator) always gets the reason in one place.
 *
 * @param status {@code published} or {@code failed}
 * @param result what was published (fields inlined), when published
 * @param error  what went wrong, when failed
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingResponse(String status, @JsonUnwrapped TrainingResult result, Error error) {

    /**
     * @param code    machine-readable reason, e.g. {@code invalid_data}
     * @param message what and where, for people
     */
    public record Error(String code, String message) {
    }

    public static TrainingResponse published(TrainingResult result) {
        return new TrainingResponse("published", result, null);
    }

    public static TrainingResponse failed(String code, String message) {
        return new TrainingResponse("failed", null, new Error(code, message));
    }
}
