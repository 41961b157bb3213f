package org.maskrecommender.training.evaluation;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * How well predicted pass probabilities match fit-test results on a set of rows.
 *
 * @param rows                     rows evaluated
 * @param users                    distinct users among them
 * @param positives                rows that passed
 * @param rocAuc                   area under the ROC curve (ties count half)
 * @param prAuc                    area under the precision-recall curve (average precision)
 * @param logLoss                  mean negative log-likelihood (natural log, probabilities clipped to [1e-15, 1 − 1e-15])
 * @param brier                    mean squared error of the probability
 * @param expectedCalibrationError Σ over bins of (bin share) × |mean predicted − observed rate|
 * @param calibrationBins          the 10 equal-width bins behind it
 * @param top1HitRate              share of ranked users whose top-scored tested mask passed
 * @param top3HitRate              share of ranked users with a pass among their 3 top-scored tested masks
 * @param rankedUsers              users counted in the hit rates: ≥ 2 tests and ≥ 1 pass
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EvaluationReport(int rows, int users, int positives, double rocAuc, double prAuc, double logLoss,
                               double brier, double expectedCalibrationError, List<CalibrationBin> calibrationBins,
                               double top1HitRate, double top3HitRate, int rankedUsers) {

    public EvaluationReport {
        calibrationBins = List.copyOf(calibrationBins);
    }
}
