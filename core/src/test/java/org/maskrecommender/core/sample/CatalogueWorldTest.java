package org.maskrecommender.core.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.maskrecommender.core.data.FitTestCleaner;
import org.maskrecommender.core.data.TabularReader;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.json.Json;

class CatalogueWorldTest {

    private final TabularReader reader = new TabularReader(Json.newMapper());

    @Test
    void messyNamesBecomeFamiliesAndMeasuredMasksGetTheirOutlinesPerimeter() {
        String csv = """
                unique_internal_model_code,age_range,width_mm,height_mm,style,strap_type
                "Foo KF94 - White
                [note: same as Bar]",,170,70,Boat,Earloop
                Foo KF94 - Black,,,,Boat,Earloop
                Tiny Kids Mask,,,,,
                Plain Mask,,,,Trifold,Velcro
                Kid sized,4-9,,,Cup,Headstrap
                """;
        SyntheticWorld world = CatalogueWorld.create(reader, "catalogue.csv", csv.getBytes(StandardCharsets.UTF_8), 3);
        List<Mask> masks = world.masks();

        assertThat(masks).hasSize(5);
        assertThat(masks.get(0).fitFamilyId()).isEqualTo(masks.get(1).fitFamilyId());
        assertThat(masks.get(1).perimeterMm()).isEqualTo(masks.get(0).perimeterMm())
                .isEqualTo(Math.round(CatalogueWorld.ellipsePerimeter(85, 35)));
        assertThat(masks.get(0).uniqueInternalModelCode()).contains("\n");
        // no style or strap given: unknown, and the truth still has a curve for it
        assertThat(masks.get(2).style()).isNull();
        assertThat(masks.get(2).strapType()).isNull();
        // a style or strap the truth has no curve for: "Other", strap unknown
        assertThat(masks.get(3).style()).isEqualTo("Other");
        assertThat(masks.get(3).strapType()).isNull();
        for (Mask m : masks) {
            assertThat(world.truth().logit(Probe.FACE, m)).isFinite();
        }
        // children's sizes by name or age range are drawn small
        assertThat(masks.get(2).perimeterMm()).isLessThan(370);
        assertThat(masks.get(4).perimeterMm()).isLessThan(370);
    }

    @Test
    void ellipsePerimeterIsRamanujans() {
        assertThat(CatalogueWorld.ellipsePerimeter(10, 10)).isCloseTo(2 * Math.PI * 10, within(1e-9));
        assertThat(CatalogueWorld.ellipsePerimeter(85, 35)).isCloseTo(393.6, within(0.1));
    }

    @Test
    void theReferenceCatalogueMakesASparseWorldLikeTheRealData() throws Exception {
        Path file = ReferenceCatalogue.find().orElse(null);
        Assumptions.assumeTrue(file != null, ReferenceCatalogue::absent);
        SyntheticWorld world = CatalogueWorld.create(reader, file.toString(), Files.readAllBytes(file), 11);

        assertThat(world.masks()).hasSizeBetween(500, 700);
        long families = world.masks().stream().map(Mask::fitFamilyId).distinct().count();
        assertThat(families).isBetween(380L, 520L);
        assertThat(world.masks()).extracting(Mask::style).contains("Flat-Fold", "Boat", "Cup", null);
        assertThat(world.masks()).anyMatch(m -> m.uniqueInternalModelCode().contains("\n"));

        List<FitTest> rows = new FitTestCleaner().clean(world.fitTests(12, 1, CatalogueWorld.USERS_LIKE_THE_REAL_DATA,
                false).rows()).fitTests();
        assertThat(rows).hasSizeBetween(6000, 8000);
        Map<Long, Integer> perFamily = new HashMap<>();
        rows.forEach(r -> perFamily.merge(r.mask().fitFamilyId(), 1, Integer::sum));
        double mean = perFamily.values().stream().mapToInt(Integer::intValue).average().orElseThrow();
        assertThat(mean).isBetween(11.0, 20.0);
    }

    /** A face for evaluating the truth. */
    private static final class Probe {
        static final org.maskrecommender.core.domain.FacialMeasurements FACE =
                new org.maskrecommender.core.domain.FacialMeasurements(50, 98, 115, 110, 250, 0);
    }
}
