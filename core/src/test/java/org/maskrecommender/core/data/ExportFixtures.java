package org.maskrecommender.core.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.maskrecommender.core.json.Json;

/** Shared export fixtures: the same three records as CSV (LF or CRLF) and JSON, and parse helpers. */
final class ExportFixtures {

    private ExportFixtures() {
    }

    static final String SOURCE = "exports/fit-tests.csv";
    static final String HEADER = String.join(",", FitTestFields.ALL);

    // Records start on lines 2, 3 and 5: the second one's quoted name spans lines 3-4.
    static final String ROW_1 =
            "1,10,100,7,\"3M Aura 9205+, \"\"Large\"\"\",402.5,Headstrap,Bifold,true,ft-1,false,0,50.1,98.2,115.3,110.4,250.5";
    static final String ROW_2_START = "2,11,101,,\"Kids Mask";
    static final String ROW_2_END = "(Blue, small)\",310,Earloop,Boat,false,ft-2,,3.5,40,80,90,88,200";
    static final String ROW_3 = "3,12,102,8,Plain,380,,,1,,true,,51,99,116,111,251";

    static final FitTestRow EXPECTED_1 = new FitTestRow(1L, 10L, 100L, 7L, "3M Aura 9205+, \"Large\"", 402.5,
            "Headstrap", "Bifold", "true", "ft-1", false, 0.0, 50.1, 98.2, 115.3, 110.4, 250.5);
    static final FitTestRow EXPECTED_3 = new FitTestRow(3L, 12L, 102L, 8L, "Plain", 380.0, null, null, "1",
            null, true, null, 51.0, 99.0, 116.0, 111.0, 251.0);

    static FitTestRow expected2(String lineBreak) {
        return new FitTestRow(2L, 11L, 101L, null, "Kids Mask" + lineBreak + "(Blue, small)", 310.0, "Earloop", "Boat",
                "false", "ft-2", null, 3.5, 40.0, 80.0, 90.0, 88.0, 200.0);
    }

    static final FitTestFile FILE = new FitTestFile(new TabularReader(Json.newMapper()));
    static final TabularReader TABULAR = new TabularReader(Json.newMapper());

    static List<FitTestRow> parse(String text) {
        return parse(text.getBytes(UTF_8));
    }

    static List<FitTestRow> parse(byte[] bytes) {
        return FILE.parse(new SourceContent(SOURCE, bytes));
    }

    static List<RawRecord> raw(String text) {
        return TABULAR.read(SOURCE, text.getBytes(UTF_8), FitTestFields.REQUIRED, FitTestFile.JSON_WRAPPER_KEY);
    }

    static DataFormatException formatError(String text) {
        return formatError(text.getBytes(UTF_8));
    }

    static DataFormatException formatError(byte[] bytes) {
        DataFormatException e = catchThrowableOfType(DataFormatException.class, () -> parse(bytes));
        assertThat(e).as("a DataFormatException").isNotNull();
        assertThat(e.source()).isEqualTo(SOURCE);
        assertThat(e.getMessage()).startsWith(SOURCE);
        return e;
    }

    /** Lines joined with LF, with a trailing newline. */
    static String lf(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    static String crlf(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }

}
