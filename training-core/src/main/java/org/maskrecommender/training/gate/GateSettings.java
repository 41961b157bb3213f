package org.maskrecommender.training.gate;

/**
 * When a retrained model may replace the deployed one.
 *
 * @param rocAucTolerance       how much worse (absolute held-out ROC AUC) the new model may be than the
 *                              deployed one on the same rows and still be promoted
 * @param maxCalibrationError   the largest held-out expected calibration error a promoted model may have
 */
public record GateSettings(double rocAucTolerance, double maxCalibrationError) {

    /**
     * Within 0.01 AUC of the deployed model, and probabilities off by at most 0.1 on average: ECE over 10
     * bins is noisy on a few hundred held-out rows (±0.05 measured on 300-user samples), so a tighter
     * default would hold back good models by chance.
     */
    public static final GateSettings DEFAULT = new GateSettings(0.01, 0.1);
}
