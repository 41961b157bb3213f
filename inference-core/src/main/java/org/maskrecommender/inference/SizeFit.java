package org.maskrecommender.inference;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * How a mask's size sits against the size this model likes best for this face and the mask's style.
 *
 * @param bestPerimeterDiffMm the perimeter difference (mask − face, mm) at which the model gives this face its highest
 *                            probability for the style (see {@link SizeCurves})
 * @param verdict             the mask's own difference against it, with a tolerance of
 *                            {@value #NEAR_BEST_TOLERANCE_MM} mm
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"best_perimeter_diff_mm", "verdict"})
public record SizeFit(double bestPerimeterDiffMm, Verdict verdict) {

    /**
     * Within this many mm of the best difference a mask is {@code near_best}: well inside the 16–32 mm over which the
     * chance of a fit falls off around the best size in the sample world's curves ({@code core.sample.GroundTruth}),
     * so a mask called near best sits near the top of the curve.
     */
    public static final double NEAR_BEST_TOLERANCE_MM = 10;

    /** Where the mask's difference lies relative to the best one. */
    public enum Verdict {
        /** The mask's seal is more than the tolerance shorter than the best size for this face. */
        SMALLER_THAN_BEST("smaller_than_best"),
        /** Within the tolerance of the best size. */
        NEAR_BEST("near_best"),
        /** More than the tolerance longer than the best size. */
        LARGER_THAN_BEST("larger_than_best");

        private final String id;

        Verdict(String id) {
            this.id = id;
        }

        @JsonValue
        public String id() {
            return id;
        }
    }

    /** The verdict for a mask whose difference is {@code perimeterDiffMm}, given the best one. */
    public static SizeFit of(double perimeterDiffMm, double bestPerimeterDiffMm) {
        Verdict verdict = perimeterDiffMm < bestPerimeterDiffMm - NEAR_BEST_TOLERANCE_MM ? Verdict.SMALLER_THAN_BEST
                : perimeterDiffMm > bestPerimeterDiffMm + NEAR_BEST_TOLERANCE_MM ? Verdict.LARGER_THAN_BEST
                : Verdict.NEAR_BEST;
        return new SizeFit(bestPerimeterDiffMm, verdict);
    }
}
