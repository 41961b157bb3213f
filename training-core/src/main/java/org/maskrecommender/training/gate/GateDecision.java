package org.maskrecommender.training.gate;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.maskrecommender.core.probes.ProbeReport;
import org.maskrecommender.training.evaluation.EvaluationReport;
import org.maskrecommender.training.evaluation.SubgroupReport;

/**
 * The quality gate's verdict, recorded in the new version's manifest.
 *
 * @param promoted           whether {@code latest.json} moves to the new version (and Model Trained is sent)
 * @param forced             whether {@code force} overrode a negative verdict
 * @param reason             why, in one sentence with the numbers (every failed check, named)
 * @param failedChecks       the checks that failed: {@code floor}, {@code calibration}, {@code roc_auc},
 *                           {@code subgroup:<name>}, {@code probe:<name>}, {@code deployed_unscorable}
 * @param comparedTo         the deployed model version it was compared with, null when none
 * @param settings           the tolerance and bounds applied
 * @param candidate          the new model on the evaluation set
 * @param deployed           the deployed model on the same rows, null when none could be scored
 * @param candidateSubgroups the new model per subgroup of the evaluation set
 * @param deployedSubgroups  the deployed model on the same subgroups, null when none could be scored
 * @param probes             the new model's probe results
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record GateDecision(boolean promoted, boolean forced, String reason, List<String> failedChecks,
                           String comparedTo, GateSettings settings, EvaluationReport candidate,
                           EvaluationReport deployed, Map<String, SubgroupReport> candidateSubgroups,
                           Map<String, SubgroupReport> deployedSubgroups, ProbeReport probes) {
}
