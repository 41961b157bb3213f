package org.maskrecommender.core.features;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How encoded rows reach a model's ONNX graph; the manifest's {@code onnx.layout} says which one a model takes.
 *
 * <ul>
 *   <li>{@link #ONE_HOT}: one float input {@code [rows, featureCount]}, every feature of
 *       {@link FeatureEncoder#featureNames()} including the one-hot fit-family block. A request costs
 *       rows × families. Models published before the family index was introduced take this.</li>
 *   <li>{@link #FAMILY_INDEX}: a float input {@code [rows, denseFeatureCount]} (every feature but the family block)
 *       and an int64 input {@code [rows]} with each row's family index ({@link FeatureEncoder#familyIndex}); the
 *       graph gathers that family's weights (already multiplied by its encoded value) from a table, so a request
 *       costs rows × dense features, whatever the number of families. Same model, same probabilities.</li>
 * </ul>
 */
public enum InputLayout {
    ONE_HOT("one_hot"),
    FAMILY_INDEX("family_index");

    private final String json;

    InputLayout(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
