package org.maskrecommender.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One ranked mask, with why the model scores it as it does.
 *
 * @param rank                    1 = most likely to pass
 * @param maskId                  the mask
 * @param probaFit                P(qualitative fit test passes), 0–1
 * @param uniqueInternalModelCode the mask's name
 * @param style                   its style (null when unknown)
 * @param strapType               its strap type (null when unknown)
 * @param perimeterDiffMm         mask perimeter − facial perimeter (mm, to 0.1 mm), the model's size feature
 * @param sizeFit                 the best difference for this face and style, and where this mask lies against it
 * @param support                 fit tests of the mask's fit family the model was trained on (0 for a family it
 *                                never saw or a mask without one); null when the model's version did not record it
 * @param familySeen              whether the model has an effect of its own for the mask's fit family; false means the
 *                                score rests on size, style and strap alone
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"rank", "mask_id", "proba_fit", "unique_internal_model_code", "style", "strap_type",
    "perimeter_diff_mm", "size_fit", "support", "family_seen"})
public record Recommendation(int rank, long maskId, double probaFit, String uniqueInternalModelCode, String style,
                             String strapType, double perimeterDiffMm, SizeFit sizeFit, Integer support,
                             boolean familySeen) {
}
