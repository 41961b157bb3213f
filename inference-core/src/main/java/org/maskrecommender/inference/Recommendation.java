package org.maskrecommender.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One ranked mask.
 *
 * @param rank                    1 = most likely to pass
 * @param maskId                  the mask
 * @param probaFit                P(qualitative fit test passes), 0–1
 * @param uniqueInternalModelCode the mask's name
 * @param style                   its style (null when unknown)
 * @param strapType               its strap type (null when unknown)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"rank", "mask_id", "proba_fit", "unique_internal_model_code", "style", "strap_type"})
public record Recommendation(int rank, long maskId, double probaFit, String uniqueInternalModelCode, String style,
                             String strapType) {
}
