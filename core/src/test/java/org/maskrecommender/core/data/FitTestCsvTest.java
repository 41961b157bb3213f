package org.maskrecommender.core.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.sample.SyntheticWorld;

class FitTestCsvTest {

    private final FitTestFile file = new FitTestFile(new TabularReader(Json.newMapper()));

    private List<FitTestRow> roundTrip(List<FitTestRow> rows) {
        return file.parse(new SourceContent("written.csv", FitTestCsv.write(rows)));
    }

    @Test
    void syntheticRowsSurviveAWriteAndParse() {
        List<FitTestRow> rows = SyntheticWorld.create(42, 40).fitTests(43, 1, 200, true).rows();

        List<FitTestRow> parsed = roundTrip(rows);

        assertThat(rows).hasSizeGreaterThan(800);
        // the dirty sample has nulls to carry over as empty cells
        assertThat(rows).anyMatch(r -> r.qlftPass() == null).anyMatch(r -> r.perimeterMm() == null)
                .anyMatch(r -> Boolean.TRUE.equals(r.maskModded()));
        assertThat(parsed).isEqualTo(rows);
    }

    @Test
    void awkwardTextAndMissingValuesSurviveAWriteAndParse() {
        List<FitTestRow> rows = List.of(
                new FitTestRow(1L, 2L, 3L, 4L, "3M \"Aura\", 9205+\nLarge\r\nWhite", 401.25, "Adjustable, Earloop",
                        "Bi\"fold\"", "pass", "ft,\"1\"", true, 0.0, 1.0E-3, 98.75, 115.0, 110.5, 250.0),
                new FitTestRow(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null),
                new FitTestRow(9007199254740000L, 5L, 6L, null, "Plain", 1234.5678, "Ear\rloop", "Cup", "inconclusive",
                        "ft-2", false, 12.3, 50.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY, 999.0));

        assertThat(roundTrip(rows)).isEqualTo(rows);
    }

    @Test
    void writesTheExportHeaderAndOneLinePerUnquotedRow() {
        byte[] csv = FitTestCsv.write(List.of(RowBuilder.valid(1).build()));

        String[] lines = new String(csv, UTF_8).split("\n", -1);

        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo(String.join(",", FitTestFields.ALL));
        assertThat(lines[1]).isEqualTo(
                "1,1001,100,7,Aero Bifold A1 (White),400.0,Headstrap,Bifold,true,ft-1,false,0.0,50.0,98.0,115.0,110.0,250.0");
        assertThat(lines[2]).isEmpty();
    }

    @Test
    void quotesOnlyTheValuesThatNeedIt() {
        FitTestRow row = RowBuilder.valid(1).name("3M \"Aura\", Large\nWhite").strapType(" Head strap ").style(null)
                .qlftPass("#1").build();

        String[] lines = new String(FitTestCsv.write(List.of(row)), UTF_8).split("\n", -1);

        assertThat(lines[1] + "\n" + lines[2]).isEqualTo("1,1001,100,7,\"3M \"\"Aura\"\", Large\nWhite\",400.0, Head strap ,,#1,"
                + "ft-1,false,0.0,50.0,98.0,115.0,110.0,250.0");
    }

    @Test
    void noRowsIsJustTheHeader() {
        assertThat(roundTrip(List.of())).isEmpty();
    }
}
