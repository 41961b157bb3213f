package org.maskrecommender.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.maskrecommender.core.domain.Mask;

class MaskFilterTest {

    private static final List<String> STYLES = List.of("Bifold", "Boat", "boat");
    private static final List<String> STRAPS = List.of("Earloop", "Headstrap");

    private static Mask mask(long id, String style, String strap) {
        return new Mask(id, "m" + id, 1L, 380, style, strap);
    }

    @Test
    void aNameKeepsEverySpellingOfItsCategoryAndNothingElse() {
        MaskFilter f = MaskFilter.of(new InferenceRequest.Filters(List.of(" BOAT "), null, Set.of()), STYLES, STRAPS);
        assertThat(f.keeps(mask(1, "Boat", "Earloop"))).isTrue();
        assertThat(f.keeps(mask(2, "boat", null))).isTrue();
        assertThat(f.keeps(mask(3, "Bifold", "Earloop"))).isFalse();
        assertThat(f.keeps(mask(4, null, "Earloop"))).as("no style is not a Boat").isFalse();
    }

    @Test
    void filtersCombineAndExclusionsWin() {
        MaskFilter f = MaskFilter.of(new InferenceRequest.Filters(List.of("Bifold"), List.of("Headstrap"), Set.of(7L)),
                STYLES, STRAPS);
        assertThat(f.keeps(mask(1, "Bifold", "Headstrap"))).isTrue();
        assertThat(f.keeps(mask(2, "Bifold", "Earloop"))).isFalse();
        assertThat(f.keeps(mask(3, "Bifold", null))).isFalse();
        assertThat(f.keeps(mask(7, "Bifold", "Headstrap"))).isFalse();
        assertThat(MaskFilter.of(InferenceRequest.Filters.NONE, STYLES, STRAPS).isEmpty()).isTrue();
    }

    @Test
    void anUnknownNameIsRefusedWithWhatTheCatalogueHas() {
        assertThatThrownBy(() -> MaskFilter.of(new InferenceRequest.Filters(null, List.of("Earloop", "Velcro"),
                Set.of()), STYLES, STRAPS)).isInstanceOf(InvalidRequestException.class).hasMessage(
                "strap_types[1] is \"Velcro\", not a strap type of this model's catalogue; allowed values: \"Earloop\", "
                        + "\"Headstrap\"");
        assertThatThrownBy(() -> MaskFilter.of(new InferenceRequest.Filters(null, List.of("Earloop"), Set.of()),
                STYLES, List.of())).hasMessageContaining("allowed values: none (its masks have no strap type)");
    }
}
