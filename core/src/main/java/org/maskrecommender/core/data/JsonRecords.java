package org.maskrecommender.core.data;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;

/** JSON: an array of objects, each a record; scalar values as text, null as missing. */
final class JsonRecords extends Records {

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

    /** In words, not the parser's: where the parser stopped (the field it was in) and what JSON allows there. */
    @Override
    DataFormatException malformed(JsonProcessingException e) {
        String field = parser.getParsingContext().getCurrentName();
        String problem;
        if (e instanceof JsonEOFException) {
            problem = "malformed JSON: the file ends inside " + (field == null ? "the records" : "a record") + "; is it cut short?";
        } else if (e instanceof StreamConstraintsException) {
            problem = "malformed JSON: a value longer than JSON reading allows";
        } else {
            problem = "malformed JSON " + (field == null ? "here" : "at or after the value of " + field)
                    + ": JSON separates fields with ',', quotes names and strings with double quotes, and has no NaN, "
                    + "Infinity or comments";
        }
        return new DataFormatException(source, line(e), field, problem);
    }
}
