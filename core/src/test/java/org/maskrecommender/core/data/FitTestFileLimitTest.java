package org.maskrecommender.core.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.maskrecommender.core.data.ExportFixtures.*;

import org.junit.jupiter.api.Test;

/** The row limit: counted while the records stream, the row after it refused with its line. */
class FitTestFileLimitTest {

    @Test
    void exactlyTheLimitIsRead() {
        String text = lf(HEADER, ROW_1, ROW_2_START, ROW_2_END, ROW_3);

        assertThat(FILE.parse(new SourceContent(SOURCE, text.getBytes(UTF_8)), 3)).hasSize(3);
    }

    @Test
    void theRowAfterTheLimitIsRefusedNamingTheFileTheLimitAndItsLine() {
        // the second record spans lines 3-4 (a quoted line break), so the third starts on line 5
        String text = lf(HEADER, ROW_1, ROW_2_START, ROW_2_END, ROW_3);

        InputTooLargeException e = catchThrowableOfType(InputTooLargeException.class,
                () -> FILE.parse(new SourceContent(SOURCE, text.getBytes(UTF_8)), 2));

        assertThat(e).isNotNull();
        assertThat(e.maxRows()).isEqualTo(2);
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.getMessage()).isEqualTo(SOURCE + ": more than 2 rows (row 3 starts on line 5)");
    }

    @Test
    void jsonRecordsCountTheSame() {
        String json = "[{\"user_id\": 1, \"mask_id\": 2, \"perimeter_mm\": 400, \"qlft_pass\": true},\n"
                + " {\"user_id\": 2, \"mask_id\": 2, \"perimeter_mm\": 400, \"qlft_pass\": false}]";

        InputTooLargeException e = catchThrowableOfType(InputTooLargeException.class,
                () -> FILE.parse(new SourceContent("export.json", json.getBytes(UTF_8)), 1));

        assertThat(e).isNotNull();
        assertThat(e.line()).isEqualTo(2);
        assertThat(FILE.parse(new SourceContent("export.json", json.getBytes(UTF_8)), 2)).hasSize(2);
    }
}
