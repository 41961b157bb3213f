package org.maskrecommender.core.data;

import java.util.List;

/** Column names of the app's fit-test export (docs/model.md). */
public final class FitTestFields {
    public static final String ID = "id";
    public static final String USER_ID = "user_id";
    public static final String MASK_ID = "mask_id";
    public static final String FIT_FAMILY_ID = "fit_family_id";
    public static final String UNIQUE_INTERNAL_MODEL_CODE = "unique_internal_model_code";
    public static final String PERIMETER_MM = "perimeter_mm";
    public static final String STRAP_TYPE = "strap_type";
    public static final String STYLE = "style";
    public static final String QLFT_PASS = "qlft_pass";
    public static final String SOURCE_FIT_TEST_ID = "source_fit_test_id";
    public static final String MASK_MODDED = "mask_modded";
    public static final String BEARD = "facial_hair_beard_length_mm";
    public static final String NOSE = "nose_mm";
    public static final String CHIN = "chin_mm";
    public static final String TOP_CHEEK = "top_cheek_mm";
    public static final String MID_CHEEK = "mid_cheek_mm";
    public static final String STRAP = "strap_mm";

    /** Every column, in the export's order. */
    public static final List<String> ALL = List.of(ID, USER_ID, MASK_ID, FIT_FAMILY_ID, UNIQUE_INTERNAL_MODEL_CODE,
            PERIMETER_MM, STRAP_TYPE, STYLE, QLFT_PASS, SOURCE_FIT_TEST_ID, MASK_MODDED, BEARD, NOSE, CHIN,
            TOP_CHEEK, MID_CHEEK, STRAP);

    /** Columns a CSV header must have; the others may be absent (treated as missing). */
    public static final List<String> REQUIRED = List.of(USER_ID, MASK_ID, PERIMETER_MM, QLFT_PASS, NOSE, CHIN,
            TOP_CHEEK, MID_CHEEK, STRAP);

    private FitTestFields() {
    }
}
