package org.maskrecommender.core.data;

/** Why a fit-test row was not trained on. The JSON names go into manifests and command output. */
public enum DropReason {
    /** A later row repeats the {@code source_fit_test_id} of a row already kept: the first valid one is kept. */
    DUPLICATE_SOURCE_FIT_TEST_ID("duplicate_source_fit_test_id"),
    /** No {@code user_id} or {@code mask_id}: the row cannot be grouped or joined to a mask. */
    MISSING_IDENTIFIER("missing_identifier"),
    /** {@code qlft_pass} is empty or not a boolean: there is no label. */
    UNPARSEABLE_QLFT_PASS("unparseable_qlft_pass"),
    /** The mask was modified for the test, so the result says nothing about the mask as sold. */
    MASK_MODDED("mask_modded"),
    /** The mask has no perimeter, the main fit feature. */
    MISSING_PERIMETER("missing_perimeter"),
    /** A facial measurement is missing; it is never zero-filled. */
    MISSING_MEASUREMENT("missing_measurement"),
    /** A measurement or the perimeter is outside its plausible range (negative, non-finite, absurd). */
    IMPLAUSIBLE_MEASUREMENT("implausible_measurement");

    private final String key;

    DropReason(String key) {
        this.key = key;
    }

    /** The snake_case name used in JSON. */
    public String key() {
        return key;
    }
}
