package org.maskrecommender.core.features;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * z = (x − mean) / std, with the mean and standard deviation of the training rows, so SGD sees
 * features of comparable size whatever their unit (mm vs mm²).
 *
 * @param mean mean of the raw feature on the training rows
 * @param std  standard deviation on the training rows (1 when the feature is constant)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Standardizer(double mean, double std) {

    public double apply(double x) {
        return (x - mean) / std;
    }

    /** Fits mean and (population) standard deviation in one pass (Welford, stable for mm² values). */
    public static Standardizer fit(double[] values) {
        double mean = 0;
        double m2 = 0;
        for (int i = 0; i < values.length; i++) {
            double delta = values[i] - mean;
            mean += delta / (i + 1);
            m2 += delta * (values[i] - mean);
        }
        double std = values.length > 0 ? Math.sqrt(m2 / values.length) : 0;
        return new Standardizer(mean, std > 1e-12 ? std : 1.0);
    }
}
