package org.maskrecommender.core.data;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
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
}
