package org.maskrecommender.core.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A mask the model can score.
 *
 * @param id                       the app's mask id
 * @param uniqueInternalModelCode  the mask's name in the app
 * @param fitFamilyId              masks that fit alike (e.g. colours of one model); null when unknown
 * @param perimeterMm              perimeter of the mask's seal (mm); always present for a scorable mask
 * @param style                    Bifold, Boat, Cup, Duckbill, …; null when unknown
 * @param strapType                Earloop, Headstrap, Adjustable Earloop, …; null when unknown
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Mask(long id, String uniqueInternalModelCode, Long fitFamilyId, double perimeterMm,
                   String style, String strapType) {

    public Mask {
        style = normalise(style);
        strapType = normalise(strapType);
        uniqueInternalModelCode = uniqueInternalModelCode == null ? null : uniqueInternalModelCode.strip();
    }

    /** Trims a category and maps blank to null, so "Boat " and "Boat" are one category. */
    public static String normalise(String category) {
        if (category == null) {
            return null;
        }
        String s = category.strip();
        return s.isEmpty() ? null : s;
    }
}
