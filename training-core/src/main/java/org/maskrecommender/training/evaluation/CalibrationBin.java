package org.maskrecommender.training.evaluation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One equal-width bin of predicted probability.
 *
 * @param lower          lower edge (inclusive)
 * @param upper          upper edge (exclusive, inclusive for the last bin)
 * @param count          rows whose prediction falls in the bin
 * @param meanPredicted  mean predicted probability of those rows (NaN-free: 0 when empty)
 * @param observedRate   fraction of those rows that passed (0 when empty)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CalibrationBin(double lower, double upper, int count, double meanPredicted, double observedRate) {
}
