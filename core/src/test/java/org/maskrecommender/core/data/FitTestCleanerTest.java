package org.maskrecommender.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.json.Json;

class FitTestCleanerTest {

    private final FitTestCleaner cleaner = new FitTestCleaner();

    /** One defect per case, applied to an otherwise valid row, and the reason it must be dropped for. */
    static Stream<Arguments> defects() {
        return Stream.of(
                defect("no user_id", b -> b.userId(null), DropReason.MISSING_IDENTIFIER),
                defect("no mask_id", b -> b.maskId(null), DropReason.MISSING_IDENTIFIER),
                defect("qlft_pass null", b -> b.qlftPass(null), DropReason.UNPARSEABLE_QLFT_PASS),
                defect("qlft_pass empty", b -> b.qlftPass(""), DropReason.UNPARSEABLE_QLFT_PASS),
                defect("qlft_pass blank", b -> b.qlftPass("  "), DropReason.UNPARSEABLE_QLFT_PASS),
                defect("qlft_pass inconclusive", b -> b.qlftPass("inconclusive"), DropReason.UNPARSEABLE_QLFT_PASS),
                defect("qlft_pass 2", b -> b.qlftPass("2"), DropReason.UNPARSEABLE_QLFT_PASS),
                defect("modded", b -> b.maskModded(true), DropReason.MASK_MODDED),
                defect("no perimeter", b -> b.perimeterMm(null), DropReason.MISSING_PERIMETER),
                defect("no nose", b -> b.noseMm(null), DropReason.MISSING_MEASUREMENT),
                defect("no chin", b -> b.chinMm(null), DropReason.MISSING_MEASUREMENT),
                defect("no top cheek", b -> b.topCheekMm(null), DropReason.MISSING_MEASUREMENT),
                defect("no mid cheek", b -> b.midCheekMm(null), DropReason.MISSING_MEASUREMENT),
                defect("no strap", b -> b.strapMm(null), DropReason.MISSING_MEASUREMENT),
                defect("no beard (missing is not 0)", b -> b.beardMm(null), DropReason.MISSING_MEASUREMENT),
                defect("negative nose", b -> b.noseMm(-5.0), DropReason.IMPLAUSIBLE_MEASUREMENT),
                defect("nose 999", b -> b.noseMm(999.0), DropReason.IMPLAUSIBLE_MEASUREMENT),
                defect("chin NaN", b -> b.chinMm(Double.NaN), DropReason.IMPLAUSIBLE_MEASUREMENT),
                defect("top cheek 0", b -> b.topCheekMm(0.0), DropReason.IMPLAUSIBLE_MEASUREMENT),
                defect("mid cheek 999", b -> b.midCheekMm(999.0), DropReason.IMPLAUSIBLE_MEASUREMENT),
                defect("strap Infinity", b -> b.strapMm(Double.POSITIVE_INFINITY), DropReason.IMPLAUSIBLE_MEASUREMENT),
                defect("beard negative", b -> b.beardMm(-1.0), DropReason.IMPLAUSIBLE_MEASUREMENT),
                defect("beard -Infinity", b -> b.beardMm(Double.NEGATIVE_INFINITY), DropReason.IMPLAUSIBLE_MEASUREMENT),
                defect("beard 999", b -> b.beardMm(999.0), DropReason.IMPLAUSIBLE_MEASUREMENT),
                defect("perimeter 0", b -> b.perimeterMm(0.0), DropReason.IMPLAUSIBLE_MEASUREMENT),
                defect("perimeter negative", b -> b.perimeterMm(-400.0), DropReason.IMPLAUSIBLE_MEASUREMENT),
                defect("perimeter below range", b -> b.perimeterMm(149.9), DropReason.IMPLAUSIBLE_MEASUREMENT),
                defect("perimeter above range", b -> b.perimeterMm(700.1), DropReason.IMPLAUSIBLE_MEASUREMENT),
                defect("perimeter 9999", b -> b.perimeterMm(9999.0), DropReason.IMPLAUSIBLE_MEASUREMENT),
                defect("perimeter NaN", b -> b.perimeterMm(Double.NaN), DropReason.IMPLAUSIBLE_MEASUREMENT),
                defect("perimeter Infinity", b -> b.perimeterMm(Double.POSITIVE_INFINITY),
                        DropReason.IMPLAUSIBLE_MEASUREMENT));
    }

    private static Arguments defect(String name, UnaryOperator<RowBuilder> change, DropReason reason) {
        return Arguments.of(name, change, reason);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("defects")
    void eachDefectIsDroppedUnderItsReason(String name, UnaryOperator<RowBuilder> change, DropReason reason) {
        FitTestRow good = RowBuilder.valid(1).build();
        FitTestRow bad = change.apply(RowBuilder.valid(2)).build();

        CleanedFitTests cleaned = cleaner.clean(List.of(good, bad));

        assertThat(cleaned.counts().read()).isEqualTo(2);
        assertThat(cleaned.counts().kept()).isEqualTo(1);
        assertThat(cleaned.fitTests()).extracting(FitTest::sourceFitTestId).containsExactly("ft-1");
        assertThat(cleaned.counts().dropped()).containsEntry(reason.key(), 1);
        assertThat(cleaned.counts().droppedTotal()).isEqualTo(1);
    }

    @Test
    void everyReasonIsCountedExactly() {
        List<FitTestRow> rows = new ArrayList<>();
        long n = 1;
        rows.add(RowBuilder.valid(n++).build());
        rows.add(RowBuilder.valid(n++).build());
        // 2 duplicates of ft-1
        rows.add(RowBuilder.valid(n++).sourceFitTestId("ft-1").build());
        rows.add(RowBuilder.valid(n++).sourceFitTestId("ft-1").userId(null).build());
        // 3 missing identifiers
        rows.add(RowBuilder.valid(n++).userId(null).build());
        rows.add(RowBuilder.valid(n++).maskId(null).build());
        rows.add(RowBuilder.valid(n++).userId(null).maskId(null).build());
        // 4 unparseable results
        rows.add(RowBuilder.valid(n++).qlftPass(null).build());
        rows.add(RowBuilder.valid(n++).qlftPass("").build());
        rows.add(RowBuilder.valid(n++).qlftPass("inconclusive").build());
        rows.add(RowBuilder.valid(n++).qlftPass("yes please").build());
        // 1 modded
        rows.add(RowBuilder.valid(n++).maskModded(true).build());
        // 2 missing perimeters
        rows.add(RowBuilder.valid(n++).perimeterMm(null).build());
        rows.add(RowBuilder.valid(n++).perimeterMm(null).style(null).build());
        // 6 missing measurements, one per measurement
        rows.add(RowBuilder.valid(n++).noseMm(null).build());
        rows.add(RowBuilder.valid(n++).chinMm(null).build());
        rows.add(RowBuilder.valid(n++).topCheekMm(null).build());
        rows.add(RowBuilder.valid(n++).midCheekMm(null).build());
        rows.add(RowBuilder.valid(n++).strapMm(null).build());
        rows.add(RowBuilder.valid(n++).beardMm(null).build());
        // 7 implausible
        rows.add(RowBuilder.valid(n++).noseMm(-1.0).build());
        rows.add(RowBuilder.valid(n++).noseMm(999.0).build());
        rows.add(RowBuilder.valid(n++).chinMm(Double.NaN).build());
        rows.add(RowBuilder.valid(n++).strapMm(Double.POSITIVE_INFINITY).build());
        rows.add(RowBuilder.valid(n++).perimeterMm(100.0).build());
        rows.add(RowBuilder.valid(n++).perimeterMm(800.0).build());
        rows.add(RowBuilder.valid(n++).perimeterMm(Double.NaN).build());
        // and 3 more good ones, one without a source id at all
        rows.add(RowBuilder.valid(n++).build());
        rows.add(RowBuilder.valid(n++).sourceFitTestId(null).build());
        rows.add(RowBuilder.valid(n++).sourceFitTestId(null).build());

        RowCounts counts = cleaner.clean(rows).counts();

        assertThat(counts.dropped()).containsExactly(
                entry("duplicate_source_fit_test_id", 2),
                entry("missing_identifier", 3),
                entry("unparseable_qlft_pass", 4),
                entry("mask_modded", 1),
                entry("missing_perimeter", 2),
                entry("missing_measurement", 6),
                entry("implausible_measurement", 7));
        assertThat(counts.read()).isEqualTo(rows.size()).isEqualTo(30);
        assertThat(counts.kept()).isEqualTo(5);
        assertThat(counts.droppedTotal()).isEqualTo(25);
        assertThat(counts.kept() + counts.droppedTotal()).isEqualTo(counts.read());
    }

    @Test
    void countsListEveryReasonInOrderWithZeros() {
        RowCounts counts = cleaner.clean(List.of(RowBuilder.valid(1).build(), RowBuilder.valid(2).build())).counts();

        assertThat(counts.dropped().keySet())
                .containsExactlyElementsOf(Arrays.stream(DropReason.values()).map(DropReason::key).toList());
        assertThat(counts.dropped().values()).hasSize(7).containsOnly(0);
        assertThat(counts.read()).isEqualTo(2);
        assertThat(counts.kept()).isEqualTo(2);
        assertThat(counts.droppedTotal()).isZero();
    }

    @Test
    void noRowsGiveAllZeroCounts() {
        CleanedFitTests cleaned = cleaner.clean(List.of());

        assertThat(cleaned.fitTests()).isEmpty();
        assertThat(cleaned.counts().read()).isZero();
        assertThat(cleaned.counts().dropped()).hasSize(DropReason.values().length).containsOnlyKeys(
                Arrays.stream(DropReason.values()).map(DropReason::key).toList());
    }

    @Test
    void duplicateSourceFitTestIdKeepsTheFirstRow() {
        FitTestRow first = RowBuilder.valid(1).sourceFitTestId("ft-77").userId(501L).qlftPass("false").build();
        FitTestRow second = RowBuilder.valid(2).sourceFitTestId("ft-77").userId(502L).qlftPass("true").build();
        FitTestRow third = RowBuilder.valid(3).sourceFitTestId("ft-77").userId(503L).build();

        CleanedFitTests cleaned = cleaner.clean(List.of(first, second, third));

        assertThat(cleaned.fitTests()).singleElement().satisfies(t -> {
            assertThat(t.userId()).isEqualTo(501L);
            assertThat(t.passed()).isFalse();
            assertThat(t.sourceFitTestId()).isEqualTo("ft-77");
        });
        assertThat(cleaned.counts().dropped()).containsEntry("duplicate_source_fit_test_id", 2);
    }

    @Test
    void aValidCopyAfterAnInvalidFirstRowIsKeptNotCalledADuplicate() {
        FitTestRow modded = RowBuilder.valid(1).sourceFitTestId("ft-88").maskModded(true).build();
        FitTestRow valid = RowBuilder.valid(2).sourceFitTestId("ft-88").userId(602L).build();

        CleanedFitTests cleaned = cleaner.clean(List.of(modded, valid));

        assertThat(cleaned.fitTests()).singleElement().satisfies(t -> assertThat(t.userId()).isEqualTo(602L));
        assertThat(cleaned.counts().dropped()).containsEntry("mask_modded", 1)
                .containsEntry("duplicate_source_fit_test_id", 0);
    }

    @Test
    void rowsWithoutSourceIdAreNeverDuplicates() {
        CleanedFitTests cleaned = cleaner.clean(List.of(RowBuilder.valid(1).sourceFitTestId(null).build(),
                RowBuilder.valid(1).sourceFitTestId(null).build()));

        assertThat(cleaned.counts().kept()).isEqualTo(2);
    }

    @Test
    void firstApplicableReasonWins() {
        FitTestRow moddedWithoutPerimeterOrNose = RowBuilder.valid(1).maskModded(true).perimeterMm(null).noseMm(null).build();
        FitTestRow noPerimeterAndImplausibleNose = RowBuilder.valid(2).perimeterMm(null).noseMm(999.0).build();

        RowCounts counts = cleaner.clean(List.of(moddedWithoutPerimeterOrNose, noPerimeterAndImplausibleNose)).counts();

        assertThat(counts.dropped()).containsEntry("mask_modded", 1).containsEntry("missing_perimeter", 1)
                .containsEntry("missing_measurement", 0).containsEntry("implausible_measurement", 0);
    }

    @Test
    void keptRowsCarryTheirValuesWithoutZeroFill() {
        FitTestRow row = new FitTestRow(5L, 321L, 654L, 9L, "  Breeze Cup C3 (Blue) ", 312.5, "Adjustable Earloop ",
                " Cup", "pass", "ft-5", null, 4.5, 44.4, 88.8, 99.9, 101.1, 222.2);
        FitTestRow noFamilyNoStyle = new FitTestRow(6L, 322L, 655L, null, null, 400.0, null, "", "0", "ft-6", false,
                0.0, 50.0, 98.0, 115.0, 110.0, 250.0);

        List<FitTest> kept = cleaner.clean(List.of(row, noFamilyNoStyle)).fitTests();

        assertThat(kept).containsExactly(
                new FitTest(321L, new Mask(654L, "Breeze Cup C3 (Blue)", 9L, 312.5, "Cup", "Adjustable Earloop"),
                        new FacialMeasurements(44.4, 88.8, 99.9, 101.1, 222.2, 4.5), true, "ft-5"),
                new FitTest(322L, new Mask(655L, null, null, 400.0, null, null),
                        new FacialMeasurements(50.0, 98.0, 115.0, 110.0, 250.0, 0.0), false, "ft-6"));
    }

    @Test
    void beardZeroIsKeptButMissingBeardIsDropped() {
        CleanedFitTests cleaned = cleaner.clean(List.of(RowBuilder.valid(1).beardMm(0.0).build(),
                RowBuilder.valid(2).beardMm(null).build()));

        assertThat(cleaned.fitTests()).singleElement()
                .satisfies(t -> assertThat(t.face().facialHairBeardLengthMm()).isZero());
        assertThat(cleaned.fitTests().get(0).sourceFitTestId()).isEqualTo("ft-1");
        assertThat(cleaned.counts().dropped()).containsEntry("missing_measurement", 1);
    }

    @ParameterizedTest
    @CsvSource({"true,true", "false,false", "1,true", "0,false", "pass,true", "fail,false", "TRUE,true",
            "False,false", "' Pass ',true", "FAIL,false", "1.0,true", "0.0,false"})
    void qlftPassSpellingsAreAccepted(String text, boolean expected) {
        CleanedFitTests cleaned = cleaner.clean(List.of(RowBuilder.valid(1).qlftPass(text).build()));

        assertThat(cleaned.fitTests()).singleElement().extracting(FitTest::passed).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(booleans = false)
    void unmoddedOrUnknownModdedIsKept(Boolean modded) {
        assertThat(cleaner.clean(List.of(RowBuilder.valid(1).maskModded(modded).build())).counts().kept()).isEqualTo(1);
    }

    @Test
    void perimeterRangeIsInclusive() {
        CleanedFitTests cleaned = cleaner.clean(List.of(
                RowBuilder.valid(1).perimeterMm(FitTestCleaner.MIN_PERIMETER_MM).build(),
                RowBuilder.valid(2).perimeterMm(FitTestCleaner.MAX_PERIMETER_MM).build()));

        assertThat(cleaned.fitTests()).extracting(t -> t.mask().perimeterMm()).containsExactly(150.0, 700.0);
    }

    @Test
    void countsSerialiseWithEveryReason() throws Exception {
        RowCounts counts = cleaner.clean(List.of(RowBuilder.valid(1).build(), RowBuilder.valid(2).noseMm(null).build()))
                .counts();

        ObjectMapper mapper = Json.newMapper();
        JsonNode json = mapper.readTree(mapper.writeValueAsString(counts));

        assertThat(json.get("read").asInt()).isEqualTo(2);
        assertThat(json.get("kept").asInt()).isEqualTo(1);
        assertThat(json.get("dropped").size()).isEqualTo(7);
        assertThat(json.get("dropped").get("missing_measurement").asInt()).isEqualTo(1);
        assertThat(json.get("dropped").get("duplicate_source_fit_test_id").asInt()).isZero();
        assertThat(mapper.readValue(mapper.writeValueAsString(counts), RowCounts.class)).isEqualTo(counts);
    }
}
