package org.maskrecommender.core.features;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Everything {@link FeatureEncoder} learned from the training rows. Stored in the manifest so
 * inference rebuilds exactly the encoder the model was trained with.
 *
 * @param facialPerimeter scaling of the facial perimeter (mm)
 * @param perimeterDiff   scaling of d = mask perimeter − facial perimeter (mm)
 * @param perimeterDiffSq scaling of d² (mm²)
 * @param beardLength     scaling of the beard length (mm)
 * @param strapLength     scaling of the strap measurement (mm)
 * @param styles          known mask styles, in feature order
 * @param strapTypes      known strap types, in feature order
 * @param fitFamilies     known fit family ids, in feature order
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EncodingParameters(Standardizer facialPerimeter, Standardizer perimeterDiff, Standardizer perimeterDiffSq,
                                 Standardizer beardLength, Standardizer strapLength,
                                 List<String> styles, List<String> strapTypes, List<Long> fitFamilies) {

    public EncodingParameters {
        styles = List.copyOf(styles);
        strapTypes = List.copyOf(strapTypes);
        fitFamilies = List.copyOf(fitFamilies);
    }
}
