package org.maskrecommender.core.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.json.Json;

class MaskCatalogueTest {

    private static final TabularReader READER = new TabularReader(Json.newMapper());
    private static final FacialMeasurements FACE = new FacialMeasurements(50, 98, 115, 110, 250, 0);

    // What the messy fixture must parse to (its entries 5 and 15 have no usable perimeter).
    private static final Mask ZEPHYR = new Mask(12, "Zephyr 3D, \"Kids\" (Blue)", 4L, 318.5, "Boat", "Earloop");
    private static final Mask HARBOR = new Mask(3, "Harbor Duckbill\nN95 (White)", 2L, 412, "Duckbill", null);
    private static final Mask GRANITE = new Mask(7, "Granite Cup", null, 395, null, "Headstrap");
    private static final Mask CLEARLINE = new Mask(9, "Clearline Bifold Large", 1L, 401, "Bifold", "Adjustable Earloop");
    private static final Mask FJORD = new Mask(20, "Fjord Bifold\n(Black)", 1L, 401, "Bifold", null);

    private static SourceContent resource(String name) throws IOException {
        try (InputStream in = MaskCatalogueTest.class.getResourceAsStream("/data/" + name)) {
            assertThat(in).as("test resource " + name).isNotNull();
            return new SourceContent("catalogue/" + name, in.readAllBytes());
        }
    }

    private static FitTest test(long userId, Mask mask) {
        return new FitTest(userId, mask, FACE, true, "ft-" + userId + "-" + mask.id());
    }

    @Test
    void parsesAMessyCsvCatalogue() throws IOException {
        MaskCatalogue catalogue = MaskCatalogue.parse(READER, resource("mask-catalogue-messy.csv"));

        assertThat(catalogue.masks()).containsExactlyInAnyOrder(ZEPHYR, HARBOR, GRANITE, CLEARLINE, FJORD);
        assertThat(catalogue.unscorable()).isEqualTo(2);
    }

    @Test
    void parsesAJsonCatalogueUnderMasks() throws IOException {
        MaskCatalogue catalogue = MaskCatalogue.parse(READER, resource("mask-catalogue.json"));

        assertThat(catalogue.masks()).containsExactlyInAnyOrder(
                new Mask(41, "Iris Cup, \"Adult\"", 11L, 388.5, "Cup", "Headstrap"),
                new Mask(40, "Iris Cup (no strap info)", 11L, 388.5, "Cup", null),
                new Mask(43, "Dawn Duckbill", null, 420, null, null));
        assertThat(catalogue.unscorable()).isEqualTo(1);
    }

    @Test
    void entriesWithoutAUsablePerimeterAreCountedAsUnscorable() {
        String csv = "id,perimeter_mm\n1,\n2,  \n3,0\n4,-380\n5,NaN\n6,Infinity\n7,5000\n8,380\n";

        MaskCatalogue catalogue = MaskCatalogue.parse(READER, new SourceContent("c.csv", csv.getBytes(UTF_8)));

        assertThat(catalogue.masks()).containsExactly(new Mask(8, null, null, 380, null, null));
        assertThat(catalogue.unscorable()).isEqualTo(7);
        assertThat(catalogue.unscorableIds()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void catalogueWithoutPerimeterColumnIsAFormatError() {
        DataFormatException e = catchThrowableOfType(DataFormatException.class, () -> MaskCatalogue.parse(READER,
                new SourceContent("c.csv", "id,unique_internal_model_code\n1,A\n".getBytes(UTF_8))));

        assertThat(e).isNotNull();
        assertThat(e.source()).isEqualTo("c.csv");
        assertThat(e.field()).isEqualTo("perimeter_mm");
        assertThat(e.line()).isEqualTo(1);
    }

    @Test
    void catalogueWithADuplicateColumnIsAFormatErrorNamingIt() {
        String csv = "id,unique_internal_model_code,perimeter_mm,perimeter_mm\n1,A,380,420\n";

        DataFormatException e = catchThrowableOfType(DataFormatException.class,
                () -> MaskCatalogue.parse(READER, new SourceContent("c.csv", csv.getBytes(UTF_8))));

        assertThat(e).isNotNull();
        assertThat(e.source()).isEqualTo("c.csv");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.field()).isEqualTo("perimeter_mm");
    }

    @Test
    void entryWithoutIdIsAFormatErrorNamingItsLine() {
        String csv = "id,unique_internal_model_code,perimeter_mm\n1,\"Two\nlines\",380\n,No id,390\n";

        DataFormatException e = catchThrowableOfType(DataFormatException.class,
                () -> MaskCatalogue.parse(READER, new SourceContent("c.csv", csv.getBytes(UTF_8))));

        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo("id");
        assertThat(e.line()).isEqualTo(4);
    }

    @Test
    void mergeLetsTheCatalogueOverrideAndExtendTheFitTestMasksSortedById() throws IOException {
        MaskCatalogue catalogue = MaskCatalogue.parse(READER, resource("mask-catalogue-messy.csv"));
        Mask oldHarbor = new Mask(3, "Harbor (old name)", 99L, 380, "Cup", "Earloop");
        Mask notInCatalogue = new Mask(30, "Only tested", 8L, 360, "Boat", "Headstrap");
        Mask oldZephyr = new Mask(12, "Zephyr", null, 300, null, null);
        // 5 is in the catalogue without a perimeter: the tested mask (which has one) stays scorable
        Mask testedUnmeasuredInCatalogue = new Mask(5, "Unmeasured", 3L, 370, "Bifold", "Earloop");

        MaskCatalogue merged = MaskCatalogue.merge(List.of(test(1, notInCatalogue), test(1, oldHarbor),
                test(2, oldZephyr), test(2, oldHarbor), test(3, testedUnmeasuredInCatalogue)), catalogue);

        assertThat(merged.masks()).containsExactly(HARBOR, testedUnmeasuredInCatalogue, GRANITE, CLEARLINE, ZEPHYR, FJORD,
                notInCatalogue);
        assertThat(merged.masks()).extracting(Mask::id).isSorted();
        assertThat(merged.unscorable()).isEqualTo(2);
        assertThat(merged.unscorableIds()).as("5 is scored from its fit tests").containsExactly(15L);
    }

    @Test
    void catalogueOnlyMasksAreIncludedWithoutAnyFitTests() throws IOException {
        MaskCatalogue merged = MaskCatalogue.merge(List.of(), MaskCatalogue.parse(READER, resource("mask-catalogue-messy.csv")));

        assertThat(merged.masks()).containsExactly(HARBOR, GRANITE, CLEARLINE, ZEPHYR, FJORD);
        assertThat(merged.unscorable()).isEqualTo(2);
    }

    @Test
    void mergeWithoutCatalogueIsTheFitTestMasksOncePerIdSortedById() {
        Mask a = new Mask(17, "A", 1L, 380, "Cup", "Earloop");
        Mask b = new Mask(4, "B", 2L, 390, "Boat", "Headstrap");
        Mask c = new Mask(9, "C", null, 400, null, null);

        MaskCatalogue merged = MaskCatalogue.merge(List.of(test(1, a), test(1, b), test(2, a), test(3, c), test(3, b)), null);

        assertThat(merged.masks()).containsExactly(b, c, a);
        assertThat(merged.unscorable()).isZero();
    }
}
