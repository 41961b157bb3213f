package org.maskrecommender.core.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One fit-test row in the app's export shape, typed but not yet cleaned: any field may be null.
 * {@code qlftPass} stays text because an unparseable result is a reason to drop the row, not to fail
 * the file.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "user_id", "mask_id", "fit_family_id", "unique_internal_model_code", "perimeter_mm",
        "strap_type", "style", "qlft_pass", "source_fit_test_id", "mask_modded", "facial_hair_beard_length_mm",
        "nose_mm", "chin_mm", "top_cheek_mm", "mid_cheek_mm", "strap_mm"})
public record FitTestRow(Long id, Long userId, Long maskId, Long fitFamilyId, String uniqueInternalModelCode,
                         Double perimeterMm, String strapType, String style, String qlftPass,
                         String sourceFitTestId, Boolean maskModded, Double facialHairBeardLengthMm,
                         Double noseMm, Double chinMm, Double topCheekMm, Double midCheekMm, Double strapMm) {

    /** Types one raw record; a value of the wrong type is a {@link DataFormatException} naming the field. */
    public static FitTestRow from(RawRecord r) {
        Boolean modded = r.bool(FitTestFields.MASK_MODDED);
        if (modded == null && r.text(FitTestFields.MASK_MODDED) != null) {
            throw new DataFormatException(r.source(), r.line(), FitTestFields.MASK_MODDED,
                    "expected true or false, got \"" + r.text(FitTestFields.MASK_MODDED) + "\"");
        }
        return new FitTestRow(
                r.id(FitTestFields.ID), r.id(FitTestFields.USER_ID), r.id(FitTestFields.MASK_ID),
                r.id(FitTestFields.FIT_FAMILY_ID), r.text(FitTestFields.UNIQUE_INTERNAL_MODEL_CODE),
                r.number(FitTestFields.PERIMETER_MM), r.text(FitTestFields.STRAP_TYPE), r.text(FitTestFields.STYLE),
                r.text(FitTestFields.QLFT_PASS), r.text(FitTestFields.SOURCE_FIT_TEST_ID), modded,
                r.number(FitTestFields.BEARD), r.number(FitTestFields.NOSE), r.number(FitTestFields.CHIN),
                r.number(FitTestFields.TOP_CHEEK), r.number(FitTestFields.MID_CHEEK), r.number(FitTestFields.STRAP));
    }
}
