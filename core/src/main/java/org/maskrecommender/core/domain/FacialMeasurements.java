package org.maskrecommender.core.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A person's facial measurements from the app's face scan, all in millimetres.
 *
 * @param noseMm                  nose measurement (mm)
 * @param chinMm                  chin measurement (mm)
 * @param topCheekMm              top-cheek measurement (mm)
 * @param midCheekMm              mid-cheek measurement (mm)
 * @param strapMm                 strap (head) measurement (mm)
 * @param facialHairBeardLengthMm beard length (mm), 0 for none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FacialMeasurements(double noseMm, double chinMm, double topCheekMm, double midCheekMm,
                                 double strapMm, double facialHairBeardLengthMm) {

    /**
     * The facial perimeter the mask seal has to follow (mm): the sum of the four seal-line
     * measurements. The strap and beard measurements are not part of the seal line. This is the one
     * definition used by training, inference and the sample generator.
     */
    public double facialPerimeterMm() {
        return noseMm + chinMm + topCheekMm + midCheekMm;
    }
}
