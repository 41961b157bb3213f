package org.maskrecommender.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.maskrecommender.core.data.ExportFixtures.*;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Broken exports: a DataFormatException naming the file, the line and the field. */
class FitTestFileErrorsTest {

    @Test
    void nonNumericMeasurementNamesFileLineAndField() {
        String text = lf(HEADER, ROW_1, "4,13,103,9,Other,390,,,true,ft-4,false,0,abc,99,116,111,251");

        DataFormatException e = formatError(text);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.field()).isEqualTo(FitTestFields.NOSE);
        assertThat(e.getMessage()).contains(SOURCE + " line 3", "field nose_mm", "\"abc\"");
    }

    @Test
    void lineNumberCountsTheLinesOfAnEarlierMultiLineQuotedField() {
        String bad = "4,13,103,9,Other,390,,,true,ft-4,false,0,abc,99,116,111,251";

        DataFormatException lfError = formatError(lf(HEADER, ROW_2_START, ROW_2_END, bad));
        DataFormatException crlfError = formatError(crlf(HEADER, ROW_2_START, ROW_2_END, bad));

        for (DataFormatException e : List.of(lfError, crlfError)) {
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.field()).isEqualTo("nose_mm");
            assertThat(e.getMessage()).contains("line 4", "nose_mm", "abc");
        }
    }

    @Test
    void nonNumericMeasurementInJsonNamesTheRecordsLine() {
        String text = """
                [
                  {"user_id": 1, "mask_id": 2, "nose_mm": 50},
                  {"user_id": 3, "mask_id": 4,
                   "nose_mm": "abc"}
                ]
                """;

        DataFormatException e = formatError(text);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.field()).isEqualTo("nose_mm");
        assertThat(e.getMessage()).contains("line 3", "nose_mm", "abc");
    }

    @ParameterizedTest
    @FieldSource("org.maskrecommender.core.data.FitTestFields#REQUIRED")
    void missingRequiredColumnNamesTheColumn(String column) {
        List<String> header = new ArrayList<>(FitTestFields.ALL);
        header.remove(column);
        String row = header.stream().map(c -> c.equals("qlft_pass") ? "true" : "1").collect(Collectors.joining(","));

        DataFormatException e = formatError(lf(String.join(",", header), row));

        assertThat(e.line()).isEqualTo(1);
        assertThat(e.field()).isEqualTo(column);
        assertThat(e.getMessage()).contains(SOURCE + " line 1", "field " + column, "missing");
    }

    @Test
    void rowWithTheWrongColumnCountNamesItsLine() {
        String shortRow = "4,13,103,9,Other,390,,,true,ft-4,false,0,50,99,116,111"; // 16 cells

        DataFormatException e = formatError(lf(HEADER, ROW_2_START, ROW_2_END, shortRow, ROW_3));

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.field()).isEqualTo("strap_mm"); // the first column without a value
        assertThat(e.getMessage()).contains("line 4", "17", "16");
    }

    @Test
    void rowWithTooManyColumnsIsAnErrorToo() {
        DataFormatException e = formatError(lf(HEADER, ROW_1 + ",extra"));

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).contains("18");
    }

    @Test
    void unclosedQuoteNamesTheLineWhereTheFieldStarts() {
        String unclosed = "4,13,103,9,\"Never closed, 390,,,true,ft-4,false,0,50,99,116,111,251";

        DataFormatException e = formatError(lf(HEADER, ROW_1, unclosed, ROW_3));

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("line 3", "never closed");
    }

    @Test
    void textAfterAClosingQuoteNamesItsLine() {
        DataFormatException e = formatError(lf(HEADER, ROW_1, "4,13,103,9,\"Half\"quoted,390,,,true,ft-4,false,0,50,99,116,111,251"));

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("line 3", "malformed CSV");
    }

    @Test
    void duplicateColumnNamesTheFileLineOneAndTheColumn() {
        // the second nose_mm would silently win over the first
        String text = lf(HEADER + ",nose_mm", ROW_3 + ",60");

        DataFormatException e = formatError(text);

        assertThat(e.line()).isEqualTo(1);
        assertThat(e.field()).isEqualTo(FitTestFields.NOSE);
        assertThat(e.getMessage()).contains(SOURCE + " line 1", "field nose_mm", "twice", "columns 13 and 18");
    }

    @ParameterizedTest
    @ValueSource(strings = {" nose_mm", "nose_mm ", "\" nose_mm\""})
    void columnsThatDifferOnlyInSurroundingWhiteSpaceAreDuplicates(String copy) {
        // names are stripped before they are matched, so either copy would be read as nose_mm
        DataFormatException e = formatError(lf(HEADER + "," + copy, ROW_3 + ",60"));

        assertThat(e.line()).isEqualTo(1);
        assertThat(e.field()).isEqualTo(FitTestFields.NOSE);
    }

    @Test
    void duplicateOfAColumnNobodyReadsIsAnErrorToo() {
        DataFormatException e = formatError(lf(HEADER + ",notes,notes", ROW_3 + ",a,b"));

        assertThat(e.line()).isEqualTo(1);
        assertThat(e.field()).isEqualTo("notes");
    }

    @Test
    void duplicateFieldInAJsonRecordNamesTheRecordsLineAndTheField() {
        String text = """
                [
                  {"user_id": 1, "mask_id": 2, "nose_mm": 50},
                  {"user_id": 3, "mask_id": 4, "nose_mm": 50,
                   "nose_mm": 60}
                ]
                """;

        DataFormatException e = formatError(text);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.field()).isEqualTo("nose_mm");
        assertThat(e.getMessage()).contains("line 3", "field nose_mm", "twice");
    }

    @Test
    void malformedJsonNamesTheLine() {
        String text = """
                [
                  {"user_id": 1, "mask_id": 2},
                  {"user_id": 3 "mask_id": 4}
                ]
                """;

        DataFormatException e = formatError(text);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("line 3", "malformed JSON");
    }

    @Test
    void truncatedJsonIsMalformed() {
        DataFormatException e = formatError("[\n  {\"user_id\": 1, \"mask_id\": 2},\n");

        assertThat(e.getMessage()).contains("malformed JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[50, 51]", "{\"value\": 50}"})
    void jsonFieldHoldingAContainerNamesTheFieldAndLine(String value) {
        String text = "[\n  {\"user_id\": 1, \"mask_id\": 2},\n  {\"user_id\": 3, \"mask_id\": 4,\n   \"nose_mm\": "
                + value + "}\n]";

        DataFormatException e = formatError(text);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.field()).isEqualTo("nose_mm");
        assertThat(e.getMessage()).contains("line 3", "field nose_mm");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "\"text\"", "[1, 2]", "null"})
    void jsonRecordThatIsNotAnObjectIsAnError(String record) {
        DataFormatException e = formatError("[\n  {\"user_id\": 1, \"mask_id\": 2},\n  " + record + "\n]");

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("line 3", "expected a JSON object");
    }

    @Test
    void jsonObjectWithoutFitTestsNamesTheMissingKey() {
        DataFormatException e = formatError("{\"masks\": [{\"user_id\": 1}], \"count\": 1}");

        assertThat(e.field()).isEqualTo("fit_tests");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.getMessage()).contains("fit_tests");
    }

    @Test
    void fitTestsThatIsNotAnArrayIsAnError() {
        DataFormatException e = formatError("{\n  \"fit_tests\": {\"user_id\": 1}\n}");

        assertThat(e.field()).isEqualTo("fit_tests");
        assertThat(e.line()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n\r\n  ", "\uFEFF", "\uFEFF\n"})
    void emptyFileIsAnError(String text) {
        DataFormatException e = formatError(text);

        assertThat(e.line()).isZero();
        assertThat(e.field()).isNull();
        assertThat(e.getMessage()).isEqualTo(SOURCE + ": the file is empty");
    }

    @Test
    void nonBooleanMaskModdedNamesTheField() {
        DataFormatException e = formatError(lf(HEADER, ROW_1, "4,13,103,9,Other,390,,,true,ft-4,maybe,0,50,99,116,111,251"));

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.field()).isEqualTo("mask_modded");
        assertThat(e.getMessage()).contains("line 3", "field mask_modded", "maybe");
    }

    @Test
    void nonBooleanMaskModdedInJson() {
        DataFormatException e = formatError("[\n {\"user_id\": 1, \"mask_id\": 2, \"mask_modded\": \"sometimes\"}\n]");

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.field()).isEqualTo("mask_modded");
    }

    @ParameterizedTest
    @MethodSource("org.maskrecommender.core.data.FitTestFileErrorsTest#nonWholeIds")
    void idThatIsNotAWholeNumberNamesTheField(String field, String value) {
        List<String> cells = new ArrayList<>(List.of(ROW_3.split(",", -1)));
        cells.set(FitTestFields.ALL.indexOf(field), value);

        DataFormatException e = formatError(lf(HEADER, String.join(",", cells)));

        assertThat(e.field()).isEqualTo(field);
        assertThat(e.line()).isEqualTo(2);
    }

    static List<Arguments> nonWholeIds() {
        return List.of(Arguments.of("user_id", "10.5"),
                Arguments.of("mask_id", "x12"),
                Arguments.of("id", "NaN"));
    }
}
