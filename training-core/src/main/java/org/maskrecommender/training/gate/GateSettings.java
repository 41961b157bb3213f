package org.maskrecommender.training.gate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * When a retrained model may replace the deployed one.
 *
 * @param rocAucTolerance          how much worse (absolute ROC AUC on the evaluation set) the new model may be
 *                                 than the deployed one on the same rows and still be promoted
 * @param maxCalibrationError      the largest evaluation-set expected calibration error a promoted model may have
 * @param minRocAuc                the floor: no model with a lower evaluation-set ROC AUC is promoted, deployed
 *                                 model or not (broken labels make both models equally bad on the same rows)
 * @param subgroupRocAucTolerance  how much worse a subgroup's ROC AUC may be than the deployed model's on the same
 *                                 subgroup rows
 * @param subgroupMinRows          subgroups with fewer evaluation rows are reported but not compared (their AUC
 *                                 is too noisy to hold a model back)
 *
 * <p>Written snake_case into manifests like every other block (manifests before the floor and subgroups wrote
 * {@code rocAucTolerance} and {@code maxCalibrationError}; nothing reads them back).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GateSettings(double rocAucTolerance, double maxCalibrationError, double minRocAuc,
                           double subgroupRocAucTolerance, int subgroupMinRows) {

    /**
     * Within 0.01 AUC of the deployed model, and probabilities off by at most 0.1 on average: ECE over 10
     * bins is noisy on a few hundred evaluation rows (±0.05 measured on 300-user samples), so a tighter
     * default would hold back good models by chance. Floor 0.6: the sample world's models score about 0.88 and
     * shuffled labels about 0.5. Subgroups: 0.03 on at least 200 rows — both models are scored on the same rows,
     * so the difference is much less noisy than either AUC (two retrains on the sample world differ by < 0.01).
     */
    public static final GateSettings DEFAULT = new GateSettings(0.01, 0.1, 0.6, 0.03, 200);

    /** The default floor and subgroup rules with these overall bounds. */
    public GateSettings(double rocAucTolerance, double maxCalibrationError) {
        this(rocAucTolerance, maxCalibrationError, DEFAULT_MIN_ROC_AUC, DEFAULT_SUBGROUP_TOLERANCE,
                DEFAULT_SUBGROUP_MIN_ROWS);
    }

    private static final double DEFAULT_MIN_ROC_AUC = 0.6;
    private static final double DEFAULT_SUBGROUP_TOLERANCE = 0.03;
    private static final int DEFAULT_SUBGROUP_MIN_ROWS = 200;
}
