package org.maskrecommender.training.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.maskrecommender.training.evaluation.EvaluationReport;

/**
 * The quality gate's verdict, recorded in the new version's manifest.
 *
 * @param promoted          whether {@code latest.json} moves to the new version (and Model Trained is sent)
 * @param forced            whether {@code force} overrode a negative verdict
 * @param reason            why, in one sentence with the numbers
 * @param comparedTo        the deployed model version it was compared with, null when none
 * @param settings          the tolerance and bound applied
 * @param candidate         the new model on its held-out rows
 * @param deployed          the deployed model on the same rows, null when none could be scored
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record GateDecision(boolean promoted, boolean forced, String reason, String comparedTo, GateSettings settings,
                           EvaluationReport candidate, EvaluationReport deployed) {
}
