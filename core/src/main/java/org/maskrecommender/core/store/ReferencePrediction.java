package org.maskrecommender.core.store;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.Mask;

/**
 * A training row and the probability Tribuo gave it. Stored in the manifest so serving can check,
 * before its first answer, that its encoder and ONNX Runtime reproduce training's probabilities for
 * this very model (a guard against encoding drift between code versions).
 *
 * @param face        the person's measurements
 * @param mask        the mask, as it was at training time
 * @param probability P(pass) according to Tribuo
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReferencePrediction(FacialMeasurements face, Mask mask, double probability) {
}
