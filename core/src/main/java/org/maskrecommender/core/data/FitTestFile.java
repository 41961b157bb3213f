package org.maskrecommender.core.data;

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
        try (Stream<RawRecord> records = reader.records(content.name(), content.bytes(), FitTestFields.REQUIRED,
                JSON_WRAPPER_KEY)) {
            return records.map(FitTestRow::from).toList();
        }
    }
}
