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
 * @param fitFamilyRows   training rows of each fit family, in the same order; null in manifests written before
 *                        families were shrunk (then every family encodes as 1)
 * @param familyShrinkageRows k of the family shrinkage: a family with n training rows encodes as n / (n + k)
 *                        instead of 1, so its effect is learned k/n times more weakly where evidence is thin
 *                        (a feature scaled by s takes an L2-type penalty 1/s² times stronger, and with AdaGrad
 *                        s times smaller steps); 0 or null: no shrinkage
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EncodingParameters(Standardizer facialPerimeter, Standardizer perimeterDiff, Standardizer perimeterDiffSq,
                                 Standardizer beardLength, Standardizer strapLength,
                                 List<String> styles, List<String> strapTypes, List<Long> fitFamilies,
                                 List<Integer> fitFamilyRows, Double familyShrinkageRows) {

    public EncodingParameters {
        styles = List.copyOf(styles);
        strapTypes = List.copyOf(strapTypes);
        fitFamilies = List.copyOf(fitFamilies);
        fitFamilyRows = fitFamilyRows == null ? null : List.copyOf(fitFamilyRows);
        if (fitFamilyRows != null && fitFamilyRows.size() != fitFamilies.size()) {
            throw new IllegalArgumentException(fitFamilies.size() + " fit families but " + fitFamilyRows.size()
                    + " family row counts");
        }
        if (familyShrinkageRows != null && !(familyShrinkageRows >= 0)) {
            throw new IllegalArgumentException("family shrinkage must be ≥ 0, got " + familyShrinkageRows);
        }
        if (familyShrinkageRows != null && familyShrinkageRows > 0 && fitFamilyRows == null) {
            throw new IllegalArgumentException("family shrinkage needs the families' row counts");
        }
    }

    /** Parameters without family shrinkage (as manifests were before it). */
    public EncodingParameters(Standardizer facialPerimeter, Standardizer perimeterDiff, Standardizer perimeterDiffSq,
                              Standardizer beardLength, Standardizer strapLength, List<String> styles,
                              List<String> strapTypes, List<Long> fitFamilies) {
        this(facialPerimeter, perimeterDiff, perimeterDiffSq, beardLength, strapLength, styles, strapTypes,
                fitFamilies, null, null);
    }

    /** The value fit family {@code index}'s one-hot takes: n / (n + k), or 1 without shrinkage. */
    public double familyValue(int index) {
        if (familyShrinkageRows == null || familyShrinkageRows == 0 || fitFamilyRows == null) {
            return 1.0;
        }
        double n = fitFamilyRows.get(index);
        return n / (n + familyShrinkageRows);
    }
}
