package org.maskrecommender.core.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a CSV file (with a header row) or a JSON file (an array of objects, or an object holding the
 * array under {@code wrapperKey}) into {@link RawRecord}s. The format is taken from the content: a
 * file whose first non-blank character is {@code [} or <code>{</code> is JSON, anything else CSV.
 *
 * <p>CSV follows RFC 4180: quoted fields may hold commas, doubled quotes and line breaks (real mask
 * names do), so line numbers are tracked through quoted line breaks.
 */
public final class TabularReader {

    private final ObjectMapper mapper;

    public TabularReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param source     name used in error messages (file path or location)
     * @param content    the file's bytes, UTF-8 (a BOM is skipped)
     * @param required   columns that must be present in a CSV header
     * @param wrapperKey key under which a JSON object may hold the array, e.g. {@code fit_tests}
     */
    public List<RawRecord> read(String source, byte[] content, List<String> required, String wrapperKey) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String trimmed = text.stripLeading();
        if (trimmed.isEmpty()) {
            throw new DataFormatException(source, 0, null, "the file is empty");
        }
        char first = trimmed.charAt(0);
        return first == '[' || first == '{'
                ? readJson(source, text, wrapperKey)
                : readCsv(source, text, required);
    }

    private List<RawRecord> readJson(String source, String text, String wrapperKey) {
        List<RawRecord> records = new ArrayList<>();
        try (JsonParser parser = mapper.getFactory().createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.START_OBJECT) {
                if (!seekField(parser, wrapperKey)) {
                    throw new DataFormatException(source, 1, wrapperKey,
                            "a JSON object must hold the records as an array under \"" + wrapperKey + "\"");
                }
                token = parser.nextToken();
            }
            if (token != JsonToken.START_ARRAY) {
                throw new DataFormatException(source, parser.currentLocation().getLineNr(), wrapperKey,
                        "expected a JSON array of records");
            }
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                int line = parser.currentLocation().getLineNr();
                if (token != JsonToken.START_OBJECT) {
                    throw new DataFormatException(source, line, null, "expected a JSON object for each record, got " + token);
                }
                JsonNode node = mapper.readTree(parser);
                Map<String, String> values = new HashMap<>();
                var fields = node.fields();
                while (fields.hasNext()) {
                    var e = fields.next();
                    JsonNode v = e.getValue();
                    if (v.isContainerNode()) {
                        throw new DataFormatException(source, line, e.getKey(), "expected a single value, got " + v.getNodeType());
                    }
                    values.put(e.getKey(), v.isNull() ? null : v.asText());
                }
                records.add(new RawRecord(source, line, values));
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new DataFormatException(source, line, null, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new DataFormatException(source, 0, null, "cannot read: " + e.getMessage());
        }
        return records;
    }

    private static boolean seekField(JsonParser parser, String name) throws IOException {
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            if (parser.currentName().equals(name)) {
                return true;
            }
            parser.nextToken();
            parser.skipChildren();
        }
        return false;
    }

    private List<RawRecord> readCsv(String source, String text, List<String> required) {
        CsvCursor cursor = new CsvCursor(source, text);
        List<String> header = cursor.nextRow();
        List<String> columns = header.stream().map(String::strip).toList();
        for (String r : required) {
            if (!columns.contains(r)) {
                throw new DataFormatException(source, 1, r, "required column is missing from the header");
            }
        }
        List<RawRecord> records = new ArrayList<>();
        while (cursor.hasMore()) {
            int line = cursor.line();
            List<String> row = cursor.nextRow();
            if (row.size() == 1 && row.get(0).isBlank()) {
                continue; // blank line, e.g. a trailing newline
            }
            if (row.size() != columns.size()) {
                throw new DataFormatException(source, line, null,
                        "expected " + columns.size() + " columns as in the header, got " + row.size());
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                values.put(columns.get(i), row.get(i));
            }
            records.add(new RawRecord(source, line, values));
        }
        return records;
    }

    /** A minimal RFC 4180 tokenizer that knows which line it is on. */
    private static final class CsvCursor {
        private final String source;
        private final String text;
        private int pos;
        private int line = 1;

        CsvCursor(String source, String text) {
            this.source = source;
            this.text = text;
        }

        boolean hasMore() {
            return pos < text.length();
        }

        int line() {
            return line;
        }

        List<String> nextRow() {
            int startLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (quoted) {
                    if (c == '"') {
                        if (pos < text.length() && text.charAt(pos) == '"') {
                            field.append('"');
                            pos++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                    }
                } else if (c == '"') {
                    if (field.toString().isBlank() && !wasQuoted) {
                        quoted = true;
                        wasQuoted = true;
                        field.setLength(0);
                    } else {
                        throw new DataFormatException(source, line, null, "stray quote inside an unquoted CSV field");
                    }
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                        pos++;
                    }
                    line++;
                    fields.add(field.toString());
                    return fields;
                } else if (wasQuoted && !Character.isWhitespace(c)) {
                    throw new DataFormatException(source, line, null, "text after a closing quote in a CSV field");
                } else {
                    field.append(c);
                }
            }
            if (quoted) {
                throw new DataFormatException(source, startLine, null, "a quoted CSV field is never closed");
            }
            fields.add(field.toString());
            return fields;
        }
    }
}
