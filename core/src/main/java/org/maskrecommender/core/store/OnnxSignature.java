package org.maskrecommender.core.store;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * How to call the ONNX model: a float input {@code [batch, featureCount]} in feature-name order,
 * and a float output {@code [batch, classes]} of probabilities.
 *
 * @param inputName           name of the input tensor
 * @param outputName          name of the probability output tensor
 * @param featureCount        width of the input
 * @param positiveClassIndex  column of the output holding P(fit test passes)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OnnxSignature(String inputName, String outputName, int featureCount, int positiveClassIndex) {
}
