package org.maskrecommender.training.lambda;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The training function's event: a manual or workflow invoke, or the EventBridge schedule's constant
 * input. Every field is optional; missing ones come from configuration.
 *
 * @param environment environment to train for; must be this function's environment
 * @param dataSource  fit-test location (file, {@code s3://…}, {@code https://…})
 * @param catalogue   mask catalogue location
 * @param trigger     schedule, tag or manual
 * @param force       promote even if the quality gate says no
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainingEvent(String environment, String dataSource, String catalogue, String trigger, Boolean force) {
}
