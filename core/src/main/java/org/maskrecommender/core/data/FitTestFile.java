package org.maskrecommender.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/** Parses a fit-test export (CSV or JSON, see {@link TabularReader}) into typed rows. */
public final class FitTestFile {

    /** Key under which the app's HTTP endpoint wraps the array: {@code {"fit_tests": [...]}}. */
    public static final String JSON_WRAPPER_KEY = "fit_tests";

    private final TabularReader reader;

    public FitTestFile(TabularReader reader) {
        this.reader = reader;
    }

    public List<FitTestRow> parse(SourceContent content) {
        return parse(content, Integer.MAX_VALUE);
    }

    /**
     * Parses at most {@code maxRows} rows, counting while the records are streamed, so a file that is too
     * large is refused before its rows are all held.
     *
     * @throws InputTooLargeException when the file holds more than {@code maxRows} rows
     */
    public List<FitTestRow> parse(SourceContent content, int maxRows) {
        try (Stream<RawRecord> records = reader.records(content.name(), content.bytes(), FitTestFields.REQUIRED,
                JSON_WRAPPER_KEY)) {
            List<FitTestRow> rows = new ArrayList<>();
            for (Iterator<RawRecord> it = records.iterator(); it.hasNext(); ) {
                RawRecord record = it.next();
                if (rows.size() == maxRows) {
                    throw new InputTooLargeException(content.name(), maxRows, record.line());
                }
                rows.add(FitTestRow.from(record));
            }
            return Collections.unmodifiableList(rows);
        }
    }
}
