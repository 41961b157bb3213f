package org.maskrecommender.core.data;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * Writes fit-test rows as an export-shaped CSV with Jackson's CSV module: the header of
 * {@link FitTestFields#ALL}, RFC 4180 quoting only where a value needs it (a comma, a quote, a line
 * break), an empty cell for a missing value, LF line ends.
 */
public final class FitTestCsv {

    private static final ObjectWriter WRITER = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build()
            .writer(CsvSchema.builder().addColumns(FitTestFields.ALL, CsvSchema.ColumnType.STRING).build().withHeader());

    private FitTestCsv() {
    }

    public static byte[] write(List<FitTestRow> rows) {
        try {
            return WRITER.writeValueAsBytes(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write fit-test rows as CSV", e);
        }
    }
}
