package org.maskrecommender.core.data;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

/**
 * Reads a CSV file (with a header row) or a JSON file (an array of objects, or an object holding the
 * array under {@code wrapperKey}) into {@link RawRecord}s. The format is taken from the content: a
 * file whose first non-blank character is {@code [} or <code>{</code> is JSON, anything else CSV.
 *
 * <p>Both formats are read the same way: a Jackson streaming parser (Jackson's CSV module for CSV) is
 * positioned on the array of records and yields one record at a time, so beyond the file's bytes only
 * the current record is held. A JSON record is an object; a CSV record is a row (RFC 4180: quoted
 * fields may hold commas, doubled quotes and line breaks, which real mask names do) named by the
 * header row. A record's line is the 1-based line where it starts, counting the lines of earlier
 * quoted line breaks.
 *
 * <p>Text is UTF-8; a byte-order mark is skipped and malformed bytes read as U+FFFD. In CSV, white
 * space around a quoted field ({@code 1, "a, b"}) is not part of it, a blank line is skipped, and an
 * empty cell is a missing value ({@link RawRecord#text}).
 *
 * <p>Names match exactly and case-sensitively; CSV header names are stripped of surrounding white
 * space first (as values are by {@link RawRecord#text}). A name twice in the header, or twice in one
 * JSON record, is a {@link DataFormatException} naming it, never "the last copy wins": {@code " nose_mm"}
 * next to {@code "nose_mm"} is such a duplicate, while {@code "Nose_mm"} next to {@code "nose_mm"} is
 * not (it is an unknown column, ignored like any other). A header cell with no name is ignored, so a
 * spreadsheet's trailing empty columns are not duplicates of each other.
 */
public final class TabularReader {

    /** The CSV rows as one array of arrays of text, like the JSON side's one array of records. */
    private static final CsvFactory CSV = CsvFactory.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES)
            .build();

    private final JsonFactory json;

    public TabularReader(ObjectMapper mapper) {
        this.json = mapper.getFactory();
    }

    /**
     * Every record, in file order; for small files and tests. Large files are better read with
     * {@link #records}, which does not hold them all.
     */
    public List<RawRecord> read(String source, byte[] content, List<String> required, String wrapperKey) {
        try (Stream<RawRecord> records = records(source, content, required, wrapperKey)) {
            return records.toList();
        }
    }

    /**
     * The records, in file order, read as the stream is consumed. A problem with the file as a whole
     * (empty, a missing or duplicate column, no array of records) is thrown here; one with a record
     * when the stream reaches it. Close the stream when done.
     *
     * @param source     name used in error messages (file path or location)
     * @param content    the file's bytes, UTF-8 (a BOM is skipped)
     * @param required   columns that must be present in a CSV header
     * @param wrapperKey key under which a JSON object may hold the array, e.g. {@code fit_tests}
     * @throws DataFormatException naming the file, and where it can the line and the field
     */
    public Stream<RawRecord> records(String source, byte[] content, List<String> required, String wrapperKey) {
        int start = startAfterBom(content);
        int first = firstNonBlank(content, start);
        if (first < 0) {
            throw new DataFormatException(source, 0, null, "the file is empty");
        }
        // A Reader rather than Jackson's own byte decoding: malformed UTF-8 stays U+FFFD, not an error.
        Reader text = new InputStreamReader(new ByteArrayInputStream(content, start, content.length - start), UTF_8);
        boolean isJson = content[first] == '[' || content[first] == '{';
        JsonParser parser;
        try {
            parser = isJson ? json.createParser(text) : CSV.createParser(text);
        } catch (IOException e) {
            throw new DataFormatException(source, 0, null, "cannot read: " + e.getMessage());
        }
        Records records = isJson ? new JsonRecords(source, parser, wrapperKey) : new CsvRecords(source, parser, required);
        records.start();
        return StreamSupport.stream(records, false).onClose(records::close);
    }

    private static int startAfterBom(byte[] content) {
        return content.length >= 3 && content[0] == (byte) 0xEF && content[1] == (byte) 0xBB && content[2] == (byte) 0xBF
                ? 3 : 0;
    }

    /** Index of the first byte that is not ASCII white space, -1 when there is none. */
    private static int firstNonBlank(byte[] content, int from) {
        for (int i = from; i < content.length; i++) {
            if (content[i] < 0 || !Character.isWhitespace(content[i])) {
                return i;
            }
        }
        return -1;
    }

    private interface ParserStep {
        RawRecord run() throws IOException;
    }

    /**
     * The shape both formats share: a parser positioned inside the array of records, and a way to read
     * the next record. Parser failures become {@link DataFormatException}s naming the file.
     */
    private abstract static class Records extends Spliterators.AbstractSpliterator<RawRecord> {

        final String source;
        final JsonParser parser;
        private boolean done;

        Records(String source, JsonParser parser) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
            this.source = source;
            this.parser = parser;
        }

        /** Reads what comes before the first record (a CSV header, a JSON wrapper). */
        abstract void readUpToRecords() throws IOException;

        /** The next record, null after the last one. */
        abstract RawRecord next() throws IOException;

        /** The problem the parser reported, in this format's words. */
        abstract DataFormatException malformed(JsonProcessingException e);

        /** {@link #readUpToRecords}, closing the parser if the file is refused. */
        final void start() {
            try {
                step(() -> {
                    readUpToRecords();
                    return null;
                });
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        public final boolean tryAdvance(Consumer<? super RawRecord> action) {
            RawRecord record = done ? null : step(this::next);
            if (record == null) {
                done = true;
                return false;
            }
            action.accept(record);
            return true;
        }

        private RawRecord step(ParserStep step) {
            try {
                return step.run();
            } catch (JsonProcessingException e) {
                throw malformed(e);
            } catch (IOException e) {
                throw new DataFormatException(source, 0, null, "cannot read: " + e.getMessage());
            }
        }

        final int tokenLine() {
            return parser.currentTokenLocation().getLineNr();
        }

        static int line(JsonProcessingException e) {
            return e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
        }

        final void close() {
            try {
                parser.close();
            } catch (IOException e) {
                // the source is an array in memory: nothing to release
            }
        }
    }

    /** JSON: an array of objects, each a record; scalar values as text, null as missing. */
    private static final class JsonRecords extends Records {

        private final String wrapperKey;

        JsonRecords(String source, JsonParser parser, String wrapperKey) {
            super(source, parser);
            this.wrapperKey = wrapperKey;
        }

        @Override
        void readUpToRecords() throws IOException {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.START_OBJECT) {
                if (!seekField(parser, wrapperKey)) {
                    throw new DataFormatException(source, 1, wrapperKey,
                            "a JSON object must hold the records as an array under \"" + wrapperKey + "\"");
                }
                token = parser.nextToken();
            }
            if (token != JsonToken.START_ARRAY) {
                throw new DataFormatException(source, tokenLine(), wrapperKey, "expected a JSON array of records");
            }
        }

        @Override
        RawRecord next() throws IOException {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY) {
                return null;
            }
            int line = tokenLine();
            if (token != JsonToken.START_OBJECT) {
                throw new DataFormatException(source, line, null, "expected a JSON object for each record, got " + token);
            }
            Map<String, String> values = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isStructStart()) {
                    throw new DataFormatException(source, line, name,
                            "expected a single value, got " + (value == JsonToken.START_ARRAY ? "ARRAY" : "OBJECT"));
                }
                if (values.containsKey(name)) {
                    throw new DataFormatException(source, line, name, "the field appears twice in the record");
                }
                values.put(name, text(value));
            }
            return new RawRecord(source, line, values);
        }

        /** A number as its value prints (1e3 is "1000.0"), as a JSON tree's text would be; null for null. */
        private String text(JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return null;
            }
            return value.isNumeric() ? parser.getNumberValue().toString() : parser.getText();
        }

        private static boolean seekField(JsonParser parser, String name) throws IOException {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                if (parser.currentName().equals(name)) {
                    return true;
                }
                parser.nextToken();
                parser.skipChildren();
            }
            return false;
        }

        @Override
        DataFormatException malformed(JsonProcessingException e) {
            return new DataFormatException(source, line(e), null, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** CSV: a header row naming the columns, then one record per row (a blank line is skipped). */
    private static final class CsvRecords extends Records {

        private final List<String> required;
        /** Column names by position; null for a column without a name, which is not read. */
        private String[] columns;
        /** Line where the row being read starts, for errors the parser reports further down. */
        private int rowLine = 1;

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
            if (cells.size() != columns.length) {
                throw new DataFormatException(source, rowLine, null,
                        "expected " + columns.length + " columns as in the header, got " + cells.size());
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
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            rowLine = parser.currentLocation().getLineNr();
            List<String> cells = new ArrayList<>(columns == null ? 16 : columns.length);
            while (parser.nextToken() == JsonToken.VALUE_STRING) {
                cells.add(parser.getText());
            }
            return cells;
        }

        @Override
        DataFormatException malformed(JsonProcessingException e) {
            // Jackson reports an unclosed quote where the file ends; the row it opened in is what to fix.
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Missing closing quote")) {
                return new DataFormatException(source, rowLine, null, "a quoted CSV field is never closed");
            }
            return new DataFormatException(source, line(e), null, "malformed CSV: " + e.getOriginalMessage());
        }
    }
}
