package org.maskrecommender.core.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

/** CSV: a header row naming the columns, then one record per row (a blank line is skipped). */
final class CsvRecords extends Records {

    private final List<String> required;
    /** Column names by position; null for a column without a name, which is not read. */
    private String[] columns;
    /** Line where the row being read starts, for errors the parser reports further down. */
    private int rowLine = 1;
    /** Cells of the row being read so far: where the parser stopped, when it reports a problem. */
    private List<String> cells = List.of();

    CsvRecords(String source, JsonParser parser, List<String> required) {
        super(source, parser);
        this.required = required;
    }

    @Override
    void readUpToRecords() throws IOException {
        parser.nextToken(); // the array of rows: the file is not blank, so a header follows
        List<String> header = row();
        if (header == null) {
            throw new DataFormatException(source, 0, null, "the file is empty");
        }
        columns = new String[header.size()];
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < columns.length; i++) {
            String name = header.get(i).strip();
            if (name.isEmpty()) {
                continue;
            }
            Integer earlier = seen.putIfAbsent(name, i);
            if (earlier != null) {
                throw new DataFormatException(source, rowLine, name, "the column appears twice in the header "
                        + "(columns " + (earlier + 1) + " and " + (i + 1) + "), so which one to read is ambiguous");
            }
            columns[i] = name;
        }
        for (String r : required) {
            if (!seen.containsKey(r)) {
                throw new DataFormatException(source, rowLine, r, "required column is missing from the header");
            }
        }
    }

    @Override
    RawRecord next() throws IOException {
        List<String> cells;
        do {
            cells = row();
            if (cells == null) {
                return null;
            }
        } while (cells.size() == 1 && cells.get(0).isBlank()); // a blank line, e.g. a trailing newline
        if (cells.size() < columns.length) {
            String missing = named(cells.size(), 1);
            int after = columns.length - cells.size() - 1;
            throw new DataFormatException(source, rowLine, missing, "expected " + columns.length
                    + " columns as in the header, got " + cells.size() + ": no value for " + missing
                    + (after > 0 ? " or the " + after + " column" + (after == 1 ? "" : "s") + " after it" : ""));
        }
        if (cells.size() > columns.length) {
            String last = named(columns.length - 1, -1);
            throw new DataFormatException(source, rowLine, last, "expected " + columns.length
                    + " columns as in the header, got " + cells.size() + ": values after " + last
                    + ", the last column (a comma inside a value that is not in quotes?)");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < columns.length; i++) {
            if (columns[i] != null) {
                values.put(columns[i], cells.get(i));
            }
        }
        return new RawRecord(source, rowLine, values);
    }

    /** The cells of the next row, null after the last; sets {@link #rowLine}. */
    private List<String> row() throws IOException {
        cells = List.of();
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            return null;
        }
        rowLine = parser.currentLocation().getLineNr();
        cells = new ArrayList<>(columns == null ? 16 : columns.length);
        while (parser.nextToken() == JsonToken.VALUE_STRING) {
            cells.add(parser.getText());
        }
        return cells;
    }

    /** The name of column {@code index}, or of the nearest named one in direction {@code step}; null if none. */
    private String named(int index, int step) {
        for (int i = index; columns != null && i >= 0 && i < columns.length; i += step) {
            if (columns[i] != null) {
                return columns[i];
            }
        }
        return null;
    }

    @Override
    DataFormatException malformed(JsonProcessingException e) {
        // The value the parser was in: the one after the cells it had read. The row it started in is what to fix.
        String field = named(cells.size(), 1);
        // Jackson reports an unclosed quote where the file ends.
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Missing closing quote")) {
            return new DataFormatException(source, rowLine, field, "a quoted CSV field is never closed");
        }
        return new DataFormatException(source, rowLine, field, "malformed CSV: a quoted value must be followed by "
                + "',' or the end of the line (a quote inside a quoted value is written twice: \"\")");
    }
}
