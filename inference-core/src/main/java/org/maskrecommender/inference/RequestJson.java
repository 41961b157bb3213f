package org.maskrecommender.inference;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads an event or request as strict JSON: UTF-8 only, one JSON document and nothing after it, no field twice in
 * an object, at most {@value #MAX_DEPTH} levels of nesting, numbers of at most {@value #MAX_NUMBER_LENGTH}
 * characters, at most {@value #MAX_BYTES} bytes in all. Every refusal is an {@link InvalidRequestException} in the
 * API's own words: where (line, column, field) and what was expected, quoting at most a few characters of the
 * input; the JSON library's own messages never reach the caller.
 *
 * <p>The tree is built here, token by token, rather than by the JSON library, so that the reader knows which field
 * it is in when something is wrong. That makes this class longer than most: it is one grammar with a message for
 * every way to break it, and splitting it would scatter the rules a reader checks against one another.
 *
 * <p>Above 300 lines because it is a single strict pass over the parser's tokens with every limit and every message
 * in the API's words in one place.
 */
final class RequestJson {

    /** The largest event or request accepted (1 MiB); a real request is a few hundred bytes, 20 KB at most. */
    static final int MAX_BYTES = 1 << 20;
    /** Deepest nesting of objects and arrays; a request needs 2, an API Gateway event about 6. */
    static final int MAX_DEPTH = 32;
    /** Longest number (characters); no field needs more than 20. */
    static final int MAX_NUMBER_LENGTH = 100;

    /**
     * Only the number-length limit is left for the library to enforce: every other limit is checked here first
     * (size, depth) or cannot be reached within {@link #MAX_BYTES}. Field names are not canonicalised, so crafted
     * names cannot overflow a symbol table.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxNestingDepth(MAX_DEPTH * 4)
                    .maxNameLength(MAX_BYTES * 2)
                    .maxStringLength(MAX_BYTES * 2)
                    .build())
            .build();

    private static final String ANY_VALUE = "(a string, number, object, array, true, false or null)";

    private final String text;
    private final String what;
    private final JsonParser parser;

    private RequestJson(String text, String what) throws IOException {
        this.text = text;
        this.what = what;
        this.parser = FACTORY.createParser(text);
    }

    /**
     * @param bytes the raw event or body
     * @param what  what it is, for messages: "the request", "the HTTP body"
     */
    static JsonNode read(byte[] bytes, String what) {
        if (bytes.length > MAX_BYTES) {
            throw new InvalidRequestException(what + " is " + bytes.length + " bytes; at most " + MAX_BYTES
                    + " bytes (1 MiB) are accepted");
        }
        return read(utf8(bytes, what), what);
    }

    /** Text already decoded (a JSON string's content, e.g. an HTTP body). */
    static JsonNode read(String text, String what) {
        if (text.length() > MAX_BYTES) {
            throw new InvalidRequestException(what + " is " + text.length() + " characters; at most " + MAX_BYTES
                    + " (1 MiB) are accepted");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte-order mark is not content
        }
        try {
            RequestJson reader = new RequestJson(text, what);
            try (JsonParser p = reader.parser) {
                return reader.document();
            }
        } catch (IOException e) {
            // a parser over a string in memory reads nothing from outside; say what any failure is in our words
            throw new InvalidRequestException("malformed JSON: " + what + " cannot be read as JSON");
        }
    }

    private JsonNode document() {
        JsonToken first = next(before -> "a JSON object", () -> what);
        if (first == null) {
            throw new InvalidRequestException("malformed JSON: " + what + " is empty; send a JSON object");
        }
        JsonNode root = value(first, "", 1);
        JsonToken after = next(null, () -> what);
        if (after != null) {
            throw new InvalidRequestException(trailing(start(parser.currentTokenLocation().getCharOffset())));
        }
        return root;
    }

    private JsonNode value(JsonToken token, String path, int depth) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        Expected expected = before -> "a value for " + Quote.path(label(path)) + " " + ANY_VALUE;
        try {
            return switch (token) {
                case START_OBJECT -> object(path, depth);
                case START_ARRAY -> array(path, depth);
                case VALUE_STRING -> nodes.textNode(parser.getText());
                case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                    case INT -> nodes.numberNode(parser.getIntValue());
                    case LONG -> nodes.numberNode(parser.getLongValue());
                    default -> nodes.numberNode(parser.getBigIntegerValue());
                };
                case VALUE_NUMBER_FLOAT -> floating();
                case VALUE_TRUE -> nodes.booleanNode(true);
                case VALUE_FALSE -> nodes.booleanNode(false);
                case VALUE_NULL -> nodes.nullNode();
                default -> throw new InvalidRequestException("malformed JSON: " + what + " holds a value JSON does not "
                        + "have" + in(path));
            };
        } catch (IOException e) {
            throw refusal(e, expected, () -> label(path)); // e.g. a string's content, read only now
        }
    }

    /** A finite number as a double; one beyond a double's range keeps its digits, for the message that refuses it. */
    private JsonNode floating() throws IOException {
        double d = parser.getDoubleValue();
        if (Double.isFinite(d)) {
            return JsonNodeFactory.instance.numberNode(d);
        }
        try {
            return JsonNodeFactory.instance.numberNode(new java.math.BigDecimal(parser.getText()));
        } catch (NumberFormatException e) {
            return JsonNodeFactory.instance.numberNode(d);
        }
    }

    private ObjectNode object(String path, int depth) {
        checkDepth(path, depth);
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        String last = null;
        String lastName = null;
        while (true) {
            String previous = last;
            String previousName = lastName;
            // The parser reads a field's name, ':' and (unless it is a string or a container) its value in one step,
            // so what it expected depends on how far it got: a new current name means past the name.
            JsonToken token = next(before -> {
                String name = currentName();
                if (name != null && !name.equals(previousName)) {
                    String child = path.isEmpty() ? name : path + "." + name;
                    return before == ':' ? "a value for " + Quote.path(child) + " " + ANY_VALUE
                            : "':' after the field name " + Quote.path(child);
                }
                return previous == null ? "a field name in double quotes or '}'" + in(path)
                        : before == ',' ? "a field name in double quotes after ','" + in(path)
                        : "',' or '}' after the value of " + Quote.path(previous);
            }, () -> {
                String name = currentName();
                return name == null ? label(path) : path.isEmpty() ? name : path + "." + name;
            });
            if (token == JsonToken.END_OBJECT) {
                return node;
            }
            String name = currentName();
            String child = path.isEmpty() ? name : path + "." + name;
            if (node.has(name)) {
                throw new InvalidRequestException(Quote.path(child) + " appears twice; send each field once");
            }
            JsonToken valueToken = next(before -> before == ':' ? "a value for " + Quote.path(child) + " " + ANY_VALUE
                    : "':' after the field name " + Quote.path(child), () -> child);
            node.set(name, value(valueToken, child, depth + 1));
            last = child;
            lastName = name;
        }
    }

    private ArrayNode array(String path, int depth) {
        checkDepth(path, depth);
        ArrayNode node = JsonNodeFactory.instance.arrayNode();
        while (true) {
            int index = node.size();
            JsonToken token = next(before -> index == 0 ? "a value or ']'" + in(path)
                    : before == ',' ? "a value after ','" + in(path) + " " + ANY_VALUE
                    : "',' or ']' after " + Quote.path(path + "[" + (index - 1) + "]"),
                    () -> path + "[" + index + "]");
            if (token == JsonToken.END_ARRAY) {
                return node;
            }
            node.add(value(token, path + "[" + index + "]", depth + 1));
        }
    }

    /** The field name the parser is at, or read last, in the current object; null in an array or before any. */
    private String currentName() {
        return parser.getParsingContext().getCurrentName();
    }

    private void checkDepth(String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidRequestException(what + " nests objects and arrays more than " + MAX_DEPTH
                    + " levels deep (at " + Quote.path(label(path)) + "); no request needs more than " + MAX_DEPTH);
        }
    }

    /** What is expected next, given the last character before the offending one (0 at the start). */
    private interface Expected {
        String describe(char before);
    }

    /**
     * @param expected  what may come next; null after the document, where nothing more may come
     * @param valuePath the field whose value the parser may be reading, for a number too long
     */
    private JsonToken next(Expected expected, java.util.function.Supplier<String> valuePath) {
        try {
            return parser.nextToken();
        } catch (IOException e) {
            throw refusal(e, expected, valuePath);
        }
    }

    /** A parser failure in the API's words: where, what was expected, what was found. */
    private InvalidRequestException refusal(IOException e, Expected expected, java.util.function.Supplier<String> valuePath) {
        if (e instanceof StreamConstraintsException) {
            return tooLongNumber(valuePath.get());
        }
        if (e instanceof JsonEOFException) {
            int at = text.length();
            return new InvalidRequestException("malformed JSON: " + what + " ends at " + position(at, false) + " where "
                    + (expected == null ? "nothing" : expected.describe(before(at))) + " was expected; is it cut short?");
        }
        if (e instanceof JsonProcessingException j) {
            long offset = j.getLocation() == null ? parser.currentLocation().getCharOffset()
                    : j.getLocation().getCharOffset();
            int start = start(offset);
            if (start >= text.length() && expected != null) {
                return new InvalidRequestException("malformed JSON: " + what + " ends at " + position(start, false) + " where "
                        + expected.describe(before(start)) + " was expected; is it cut short?");
            }
            return new InvalidRequestException(expected == null ? trailing(start) : syntax(start, expected));
        }
        return new InvalidRequestException("malformed JSON: " + what + " cannot be read as JSON");
    }

    private InvalidRequestException tooLongNumber(String path) {
        return new InvalidRequestException("malformed JSON: " + Quote.path(path)
                + " holds a number of more than " + MAX_NUMBER_LENGTH + " characters; no field takes one that long");
    }

    private String syntax(int start, Expected expected) {
        String where = position(start);
        if (start < text.length() && (isControl(text.charAt(start)) || (text.charAt(start) < 0x20 && insideString(start)))) {
            return String.format(Locale.ROOT, "malformed JSON at %s: control character U+%04X is not allowed there; "
                    + "inside a string, write it as \\u%04x", where, (int) text.charAt(start), (int) text.charAt(start));
        }
        if (start > 0 && text.charAt(start - 1) == '\\') {
            return "malformed JSON at " + where + ": \\" + (start < text.length() ? text.charAt(start) : "")
                    + " is not an escape JSON knows; in a string use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX";
        }
        String found = found(start);
        StringBuilder m = new StringBuilder("malformed JSON at ").append(where).append(": expected ")
                .append(expected.describe(before(start))).append(", found ").append(found);
        String word = word(start).toLowerCase(Locale.ROOT);
        if (word.matches("[+-]?(nan|infinity|inf)")) {
            m.append("; JSON has no NaN or Infinity, send a finite number");
        } else if (word.matches("[+-]?0[0-9].*")) {
            m.append("; JSON numbers have no leading zeros");
        } else if (word.matches("[+-]?[0-9]*\\.([eE].*)?")) {
            m.append("; a decimal point needs a digit after it");
        } else if (word.startsWith("+")) {
            m.append("; JSON numbers take no '+' sign");
        } else if (start < text.length() && text.charAt(start) == '\'') {
            m.append("; JSON strings and field names take double quotes");
        } else if (start < text.length() && text.charAt(start) == '}' && before(start) == ',') {
            m.append("; a ',' before '}' is not allowed");
        } else if (start < text.length() && text.charAt(start) == ']' && before(start) == ',') {
            m.append("; a ',' before ']' is not allowed");
        } else if (start < text.length() && text.charAt(start) == '/') {
            m.append("; JSON has no comments");
        }
        return m.toString();
    }

    private String trailing(int start) {
        return "malformed JSON at " + position(start) + ": " + what + " continues after its JSON object ends (found "
                + found(start) + "); send exactly one JSON object";
    }

    /** Where the offending text starts: the token the parser stopped in, or the character it stopped at. */
    private int start(long reported) {
        int offset = (int) Math.max(0, Math.min(reported, text.length()));
        if (offset < text.length() && text.charAt(offset) < 0x20 && insideString(offset)) {
            return offset; // even a line break or a tab must be escaped inside a string
        }
        if (offset < text.length() && isControl(text.charAt(offset))) {
            return offset;
        }
        if (offset > 0 && isControl(text.charAt(offset - 1))) {
            return offset - 1;
        }
        if (offset > 0 && isWordChar(text.charAt(offset - 1))) {
            int s = offset - 1;
            while (s > 0 && isWordChar(text.charAt(s - 1))) {
                s--;
            }
            return s;
        }
        return offset;
    }

    /** The offending text, quoted: a word (up to 40 characters) or one character, or the end of the input. */
    private String found(int start) {
        if (start >= text.length()) {
            return "the end of " + what;
        }
        String w = word(start);
        String shown = w.isEmpty() ? text.substring(start, text.offsetByCodePoints(start, 1)) : w;
        return shown.length() > 40 ? Quote.text(shown.substring(0, 40)) + "…" : Quote.text(shown);
    }

    private String word(int start) {
        int end = start;
        while (end < text.length() && isWordChar(text.charAt(end))) {
            end++;
        }
        return text.substring(start, end);
    }

    /** Whether {@code at} is inside a string: the text before it, valid JSON so far, opens more quotes than it closes. */
    private boolean insideString(int at) {
        boolean inside = false;
        for (int i = 0; i < at; i++) {
            char c = text.charAt(i);
            if (inside && c == '\\') {
                i++;
            } else if (c == '"') {
                inside = !inside;
            }
        }
        return inside;
    }

    /** The last character before {@code at} that is not white space; 0 when there is none. */
    private char before(int at) {
        for (int i = Math.min(at, text.length()) - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c;
            }
        }
        return 0;
    }

    private String position(int offset) {
        return position(offset, true);
    }

    /**
     * "line L, column C" of a character offset (both 1-based; a column counts characters).
     *
     * @param of whether to add which text it is in, when that is not the request itself
     */
    private String position(int offset, boolean of) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String where = "line " + line + ", column " + (offset - lineStart + 1);
        return !of || what.equals("the request") ? where : where + " of " + what;
    }

    private String in(String path) {
        return path.isEmpty() ? "" : " in " + Quote.path(path);
    }

    private String label(String path) {
        return path.isEmpty() ? what : path;
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-'
                || c == '.' || c == '_';
    }

    private static boolean isControl(char c) {
        return (c < 0x20 && c != ' ' && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
    }

    /** The bytes as UTF-8 text; anything else is refused, naming the first bad byte and where it is. */
    private static String utf8(byte[] bytes, String what) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            int column = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    column = 1;
                } else if ((bytes[i] & 0xC0) != 0x80) {
                    column++;
                }
            }
            throw new InvalidRequestException(String.format(Locale.ROOT, "%s is not UTF-8 text: byte 0x%02X at line %d, "
                    + "column %d is not part of a valid UTF-8 character; send JSON encoded as UTF-8", what,
                    bytes[at] & 0xff, line, column));
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }
}
