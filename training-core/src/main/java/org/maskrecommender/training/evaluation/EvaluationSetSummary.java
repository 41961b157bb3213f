package org.maskrecommender.training.evaluation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The frozen evaluation set of one run, as reports show it.
 *
 * @param fraction   the configured share of users
 * @param users      evaluation-set users with clean fit tests in this export
 * @param rows       their clean fit tests (the rows of the held-out metrics and the gate)
 * @param assignment how users are assigned ({@link EvaluationSet#ASSIGNMENT})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EvaluationSetSummary(double fraction, int users, int rows, String assignment) {
}
