package org.maskrecommender.core.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.maskrecommender.core.features.InputLayout;

/**
 * How to call the ONNX model: a float input {@code [batch, featureCount]}, in feature-name order, and — in the
 * {@link InputLayout#FAMILY_INDEX family-index layout} — an int64 input {@code [batch]} of family indices; a float
 * output of probabilities: {@code [batch, classes]}, one per class (one-hot graphs, Tribuo's export), or
 * {@code [batch]}, P(pass) alone (family-index graphs; {@code positiveClassIndex} 0).
 *
 * @param inputName           name of the float input tensor
 * @param outputName          name of the probability output tensor
 * @param featureCount        width of the float input: every feature (one-hot) or every feature before the
 *                            fit-family block (family index)
 * @param positiveClassIndex  column of the output holding P(fit test passes)
 * @param layout              the input layout; null in manifests written before there was a choice, which
 *                            are all one-hot ({@link #inputLayout()})
 * @param familyInputName     name of the int64 family-index input (family-index layout only)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OnnxSignature(String inputName, String outputName, int featureCount, int positiveClassIndex,
                            InputLayout layout, String familyInputName) {

    public OnnxSignature {
        if ((layout == InputLayout.FAMILY_INDEX) != (familyInputName != null)) {
            throw new IllegalArgumentException("a family-index model needs the name of its family input, "
                    + "and only such a model has one");
        }
    }

    /** A one-hot model's signature (as every model was before the family-index layout). */
    public OnnxSignature(String inputName, String outputName, int featureCount, int positiveClassIndex) {
        this(inputName, outputName, featureCount, positiveClassIndex, null, null);
    }

    /** The layout the model takes; one-hot for manifests that name none. */
    public InputLayout inputLayout() {
        return layout == null ? InputLayout.ONE_HOT : layout;
    }
}
