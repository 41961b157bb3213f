package org.maskrecommender.training.evaluation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * How a model does on one subgroup of the evaluation rows.
 *
 * @param rows                     rows in the subgroup
 * @param users                    distinct users among them
 * @param positives                rows that passed
 * @param rocAuc                   ROC AUC (Tribuo's; NaN with one class only)
 * @param logLoss                  mean negative log-likelihood (natural log)
 * @param expectedCalibrationError ECE over {@link Metrics#CALIBRATION_BINS} equal-width bins
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SubgroupReport(int rows, int users, int positives, double rocAuc, double logLoss,
                             double expectedCalibrationError) {
}
