package org.maskrecommender.core.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.maskrecommender.core.json.Json;

/** What {@link TabularReader} does below the fit-test and catalogue shapes: streaming and value text. */
class TabularReaderTest {

    private static final TabularReader READER = new TabularReader(Json.newMapper());

    private static Stream<RawRecord> records(String text) {
        return READER.records("t", text.getBytes(UTF_8), List.of("id"), "records");
    }

    @Test
    void csvRecordsAreReadAsTheStreamIsConsumed() {
        try (Stream<RawRecord> records = records("id,name\n1,a\n2,b\n3,\"never closed\n")) {
            Iterator<RawRecord> it = records.iterator();

            assertThat(it.next().text("name")).isEqualTo("a");
            assertThat(it.next().text("name")).isEqualTo("b");
            DataFormatException e = catchThrowableOfType(DataFormatException.class, it::next);
            assertThat(e).isNotNull();
            assertThat(e.line()).isEqualTo(4);
        }
    }

    @Test
    void jsonRecordsAreReadAsTheStreamIsConsumed() {
        try (Stream<RawRecord> records = records("[{\"id\": 1},\n {\"id\": 2},\n {\"id\": [3]}]")) {
            Iterator<RawRecord> it = records.iterator();

            assertThat(it.next().id("id")).isEqualTo(1L);
            assertThat(it.next().id("id")).isEqualTo(2L);
            DataFormatException e = catchThrowableOfType(DataFormatException.class, it::next);
            assertThat(e).isNotNull();
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.field()).isEqualTo("id");
        }
    }

    @Test
    void aProblemWithTheHeaderIsThrownBeforeAnyRecord() {
        DataFormatException missing = catchThrowableOfType(DataFormatException.class, () -> records("name\na\n"));
        DataFormatException duplicate = catchThrowableOfType(DataFormatException.class,
                () -> records("id,name,id\n1,a,2\n"));

        assertThat(missing.field()).isEqualTo("id");
        assertThat(duplicate.field()).isEqualTo("id");
        assertThat(duplicate.line()).isEqualTo(1);
        assertThat(duplicate.getMessage()).isEqualTo(
                "t line 1, field id: the column appears twice in the header (columns 1 and 3), so which one to read is ambiguous");
    }

    @Test
    void jsonValuesReadAsATreeWouldPrintThem() {
        String json = """
                [{"id": 1, "exp": 1e3, "zeros": 1.50, "neg_zero": -0, "big": 12345678901234567890,
                  "yes": true, "none": null, "text": " padded "}]
                """;

        RawRecord r = READER.read("t", json.getBytes(UTF_8), List.of(), "records").get(0);

        assertThat(r.values()).containsEntry("exp", "1000.0").containsEntry("zeros", "1.5")
                .containsEntry("neg_zero", "0").containsEntry("big", "12345678901234567890")
                .containsEntry("yes", "true").containsEntry("none", null).containsEntry("text", " padded ");
    }

    @Test
    void jsonAfterAByteOrderMarkAndBlankLines() {
        byte[] json = "\uFEFF \n\r\n{\"records\": [{\"id\": 7}]}".getBytes(UTF_8);

        List<RawRecord> records = READER.read("t", json, List.of("id"), "records");

        assertThat(records).extracting(r -> r.id("id")).containsExactly(7L);
        assertThat(records).extracting(RawRecord::line).containsExactly(3);
    }
}
