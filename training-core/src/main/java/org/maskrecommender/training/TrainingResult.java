package org.maskrecommender.training;

import java.time.Instant;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.maskrecommender.core.data.RowCounts;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.training.evaluation.EvaluationSetSummary;
import org.maskrecommender.training.gate.GateDecision;

/**
 * What a successful run published.
 *
 * @param version     the new model version
 * @param environment its environment
 * @param store       the model store location it was published to
 * @param location    where the version's files are
 * @param trigger     what started the run
 * @param createdAt   publish time (UTC)
 * @param trainer     the chosen candidate
 * @param metrics     the manifest's metrics block (headline held-out metrics, cross-validation, held-out report)
 * @param evaluationSet the frozen evaluation set's share, users and rows
 * @param rows        read/kept/dropped-by-reason
 * @param masks       masks the model scores
 * @param seconds     wall time of the run (s)
 * @param promoted    whether {@code latest.json} now points at this version
 * @param promotion   the quality gate's decision (reason, forced, both models' held-out metrics)
 * @param event       what became of the Model Trained event
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainingResult(String version, Environment environment, String store, String location, Trigger.Type trigger,
                             Instant createdAt, String trainer, ObjectNode metrics,
                             EvaluationSetSummary evaluationSet, RowCounts rows, int masks,
                             double seconds, boolean promoted, GateDecision promotion, String event) {
}
