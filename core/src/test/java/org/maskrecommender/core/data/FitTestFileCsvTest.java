package org.maskrecommender.core.data;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.maskrecommender.core.data.ExportFixtures.*;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** CSV exports: RFC 4180 quoting, CRLF, BOM, trailing newlines, header names. */
class FitTestFileCsvTest {

    @Test
    void quotedFieldsKeepCommasDoubledQuotesAndLineBreaks() {
        String text = lf(HEADER, ROW_1, ROW_2_START, ROW_2_END, ROW_3);

        assertThat(parse(text)).containsExactly(EXPECTED_1, expected2("\n"), EXPECTED_3);
        assertThat(raw(text)).extracting(RawRecord::line).containsExactly(2, 3, 5);
    }

    @Test
    void crlfLineEndingsAreOneLineBreakEach() {
        String text = crlf(HEADER, ROW_1, ROW_2_START, ROW_2_END, ROW_3);

        // a quoted line break is content and is kept as written
        assertThat(parse(text)).containsExactly(EXPECTED_1, expected2("\r\n"), EXPECTED_3);
        List<RawRecord> records = raw(text);
        assertThat(records).extracting(RawRecord::line).containsExactly(2, 3, 5);
        // the CR is not left on the last column (nor on the last header name)
        assertThat(records).extracting(r -> r.values().get(FitTestFields.STRAP))
                .containsExactly("250.5", "200", "251");
    }

    @Test
    void utf8ByteOrderMarkIsSkipped() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = lf(HEADER, ROW_1, ROW_3).getBytes(UTF_8);
        byte[] withBom = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, withBom, 0, bom.length);
        System.arraycopy(body, 0, withBom, bom.length, body.length);

        // "id" is the first header name: with the BOM left on, it would read as missing
        assertThat(parse(withBom)).containsExactly(EXPECTED_1, EXPECTED_3);
        assertThat(parse(withBom).get(0).id()).isEqualTo(1L);
    }

    @Test
    void byteOrderMarkBeforeARequiredFirstColumnIsSkippedToo() {
        String text = "\uFEFF" + crlf("user_id,mask_id,perimeter_mm,qlft_pass,nose_mm,chin_mm,top_cheek_mm,mid_cheek_mm,strap_mm",
                "10,100,400,pass,50,98,115,110,250");

        assertThat(parse(text)).containsExactly(new FitTestRow(null, 10L, 100L, null, null, 400.0, null, null, "pass",
                null, null, null, 50.0, 98.0, 115.0, 110.0, 250.0));
    }

    @Test
    void trailingNewlineIsOptionalAndTrailingBlankLinesAreIgnored() {
        String withoutNewline = String.join("\n", HEADER, ROW_1, ROW_3);

        assertThat(parse(withoutNewline)).containsExactly(EXPECTED_1, EXPECTED_3);
        assertThat(parse(withoutNewline + "\n")).containsExactly(EXPECTED_1, EXPECTED_3);
        assertThat(parse(withoutNewline + "\r\n\r\n")).containsExactly(EXPECTED_1, EXPECTED_3);
    }

    @Test
    void whiteSpaceAroundAQuotedFieldIsNotPartOfIt() {
        String text = lf(HEADER, "1,10,100,7, \"3M Aura 9205+, \"\"Large\"\"\" ,402.5,Headstrap,Bifold,true,ft-1,false,0,"
                + "50.1,98.2,115.3,110.4,250.5");

        assertThat(parse(text)).containsExactly(EXPECTED_1);
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsKeptAsText() {
        // Only a quote that opens a field quotes it (as in Jackson, Commons CSV and Python's csv); the
        // hand-written reader before Jackson refused this row.
        String text = lf(HEADER, "4,13,103,9,Half\"quoted,390,,,true,ft-4,false,0,50,99,116,111,251");

        assertThat(parse(text)).extracting(FitTestRow::uniqueInternalModelCode, FitTestRow::perimeterMm)
                .containsExactly(tuple("Half\"quoted", 390.0));
    }

    @Test
    void blankLinesBetweenRowsAreSkippedAndStillCounted() {
        String text = lf(HEADER, ROW_1, "", "   ", ROW_3);

        assertThat(parse(text)).containsExactly(EXPECTED_1, EXPECTED_3);
        assertThat(raw(text)).extracting(RawRecord::line).containsExactly(2, 5);
    }

    @Test
    void aLoneCarriageReturnEndsALineToo() {
        String text = String.join("\r", HEADER, ROW_1, ROW_3) + "\r";

        assertThat(parse(text)).containsExactly(EXPECTED_1, EXPECTED_3);
        assertThat(raw(text)).extracting(RawRecord::line).containsExactly(2, 3);
    }

    @Test
    void malformedUtf8IsReadAsReplacementCharactersNotRefused() {
        byte[] head = lf(HEADER).getBytes(UTF_8);
        byte[] row = "3,12,102,8,Caf\u00e9 Cup,380,,,1,,true,,51,99,116,111,251\n".getBytes(UTF_8);
        byte[] latin1 = "3,12,102,8,Caf\u00e9 Cup,380,,,1,,true,,51,99,116,111,251\n"
                .getBytes(ISO_8859_1);

        assertThat(parse(concat(head, row)).get(0).uniqueInternalModelCode()).isEqualTo("Caf\u00e9 Cup");
        assertThat(parse(concat(head, latin1)).get(0).uniqueInternalModelCode()).isEqualTo("Caf\uFFFD Cup");
    }

    @Test
    void columnsMatchCaseSensitivelySoACaseVariantIsAnotherColumnNotADuplicate() {
        String text = lf(HEADER + ",Nose_MM", ROW_3 + ",60");

        assertThat(parse(text)).containsExactly(EXPECTED_3);
        assertThat(raw(text).get(0).values()).containsEntry("Nose_MM", "60").containsEntry(FitTestFields.NOSE, "51");
    }

    @Test
    void headerCellsWithoutANameAreIgnoredNotDuplicates() {
        // a spreadsheet's stray empty columns
        String text = lf(HEADER + ",,", ROW_3 + ",,");

        assertThat(parse(text)).containsExactly(EXPECTED_3);
        assertThat(raw(text).get(0).values()).doesNotContainKey("").hasSize(FitTestFields.ALL.size());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void headerOnlyIsNoRows() {
        assertThat(parse(lf(HEADER))).isEmpty();
    }

    @Test
    void optionalColumnsMayBeAbsentAndColumnsMayComeInAnyOrder() {
        String text = lf("strap_mm,mid_cheek_mm,top_cheek_mm,chin_mm,nose_mm,qlft_pass,perimeter_mm,mask_id,user_id",
                "250,110,115,98,50,false,400,100,10");

        assertThat(parse(text)).containsExactly(new FitTestRow(null, 10L, 100L, null, null, 400.0, null, null, "false",
                null, null, null, 50.0, 98.0, 115.0, 110.0, 250.0));
    }
}
