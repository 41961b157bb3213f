package org.maskrecommender.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.maskrecommender.core.data.ExportFixtures.*;

import org.junit.jupiter.api.Test;

/** JSON exports: an array of objects, or an object holding it under "fit_tests". */
class FitTestFileJsonTest {

    private static final String RECORDS = """
            [
              {"id": 1, "user_id": 10, "mask_id": 100, "fit_family_id": 7,
               "unique_internal_model_code": "3M Aura 9205+, \\"Large\\"", "perimeter_mm": 402.5,
               "strap_type": "Headstrap", "style": "Bifold", "qlft_pass": true, "source_fit_test_id": "ft-1",
               "mask_modded": false, "facial_hair_beard_length_mm": 0, "nose_mm": 50.1, "chin_mm": 98.2,
               "top_cheek_mm": 115.3, "mid_cheek_mm": 110.4, "strap_mm": 250.5},
              {"id": 2, "user_id": 11, "mask_id": 101, "fit_family_id": null,
               "unique_internal_model_code": "Kids Mask\\n(Blue, small)", "perimeter_mm": 310,
               "strap_type": "Earloop", "style": "Boat", "qlft_pass": false, "source_fit_test_id": "ft-2",
               "mask_modded": null, "facial_hair_beard_length_mm": 3.5, "nose_mm": 40, "chin_mm": 80,
               "top_cheek_mm": 90, "mid_cheek_mm": 88, "strap_mm": 200},
              {"id": 3, "user_id": 12, "mask_id": 102, "fit_family_id": 8, "unique_internal_model_code": "Plain",
               "perimeter_mm": 380, "qlft_pass": "1", "mask_modded": true,
               "nose_mm": 51, "chin_mm": 99, "top_cheek_mm": 116, "mid_cheek_mm": 111, "strap_mm": 251}
            ]
            """;

    @Test
    void arrayOfObjects() {
        assertThat(parse(RECORDS)).containsExactly(EXPECTED_1, expected2("\n"), EXPECTED_3);
        assertThat(raw(RECORDS)).extracting(RawRecord::line).containsExactly(2, 7, 12);
    }

    @Test
    void objectHoldingTheArrayUnderFitTests() {
        String wrapped = "{\"meta\": {\"exported\": [1, {\"x\": 2}], \"fit_tests\": \"not this one\"},\n"
                + " \"count\": 3,\n \"fit_tests\": " + RECORDS + "}";

        assertThat(parse(wrapped)).containsExactly(EXPECTED_1, expected2("\n"), EXPECTED_3);
    }

    @Test
    void emptyArrayIsNoRows() {
        assertThat(parse("[]")).isEmpty();
        assertThat(parse("{\"fit_tests\": []}")).isEmpty();
    }
}
