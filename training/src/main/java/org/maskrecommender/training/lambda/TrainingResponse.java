package org.maskrecommender.training.lambda;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.maskrecommender.training.TrainingResult;

/**
 * The training function's answer to a run that published: {@code status: published} with the result's fields
 * (promoted or not). A failed run is no answer but a function error ({@link TrainingFailure}), so that Lambda's
 * error metric and alarms count it.
 *
 * @param status {@code published}
 * @param result what was published (fields inlined)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingResponse(String status, @JsonUnwrapped TrainingResult result) {

    public static TrainingResponse published(TrainingResult result) {
        return new TrainingResponse("published", result);
    }
}
