package org.maskrecommender.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Bad inference requests, each of which the inference contract (docs/api.md) must answer {@code invalid_request}
 * with a message a caller can act on: the field and the rule in the API's words, at most about 100 characters of
 * the caller's input, nothing of a library's internals. The same list is sent to the service in process and to
 * {@code ./mask-recommender serve} over HTTP.
 *
 * <p>Above 300 lines because it is a catalogue: one line per hostile request, grouped by category.
 */
public final class HostileRequests {

    /** Six plausible measurements. */
    public static final String FACE = "{\"nose_mm\": 52, \"chin_mm\": 98, \"top_cheek_mm\": 110, \"mid_cheek_mm\": 108,"
            + " \"strap_mm\": 250, \"facial_hair_beard_length_mm\": 0}";
    /** A request the function answers with recommendations. */
    public static final String GOOD = "{\"facial_measurements\": " + FACE + ", \"limit\": 3}";

    /** Longest message an answer may carry: the rule, the place, and at most ~100 characters quoted. */
    public static final int MAX_MESSAGE_LENGTH = 400;

    /** What a message must never show: a library's words, class names, stack frames. */
    private static final List<Pattern> INTERNALS = List.of(
            Pattern.compile("(?i)jackson"), Pattern.compile("StreamReadConstraints"), Pattern.compile("JsonReadFeature"),
            Pattern.compile("StreamReadFeature"), Pattern.compile("com\\.fasterxml"), Pattern.compile("Exception"),
            Pattern.compile("\\bat (org|com|java|javax|jdk|sun|io)\\."), Pattern.compile("\\.java:\\d+\\)"), Pattern.compile("REDACTED"), Pattern.compile("\\[Source"),
            Pattern.compile("CTRL-CHAR"), Pattern.compile("\\(code \\d+\\)"), Pattern.compile("was expecting"),
            Pattern.compile("Unrecognized token"), Pattern.compile("Unexpected character"), Pattern.compile("enable `"),
            Pattern.compile("Non-standard token"), Pattern.compile("end-of-input"), Pattern.compile("close marker"),
            Pattern.compile("org\\.maskrecommender"), Pattern.compile("java\\."));

    /**
     * One bad request.
     *
     * @param name        what is wrong, for the test report
     * @param event       the bytes sent
     * @param http        whether it is an API Gateway / Function URL event (the answer is wrapped, status 400)
     * @param mustMention fragments the message must contain (the field, the rule), case-insensitively
     */
    public record Case(String name, byte[] event, boolean http, List<String> mustMention) {
        @Override
        public String toString() {
            return name;
        }
    }

    private HostileRequests() {
    }

    /**
     * What is wrong with a message as an answer to a caller; empty when nothing is.
     *
     * @param message the error message answered
     * @param c       the request it answers
     */
    public static List<String> problems(String message, Case c) {
        List<String> problems = new ArrayList<>();
        if (message == null || message.isBlank()) {
            problems.add("no message");
            return problems;
        }
        if (message.length() > MAX_MESSAGE_LENGTH) {
            problems.add("message of " + message.length() + " characters: " + message.substring(0, 200) + "…");
        }
        for (Pattern p : INTERNALS) {
            if (p.matcher(message).find()) {
                problems.add("shows internals (" + p + "): " + message);
            }
        }
        for (String fragment : c.mustMention()) {
            if (!message.toLowerCase(Locale.ROOT).contains(fragment.toLowerCase(Locale.ROOT))) {
                problems.add("does not mention \"" + fragment + "\": " + message);
            }
        }
        return problems;
    }

    /** Every case. */
    public static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        syntax(cases);
        encoding(cases);
        limits(cases);
        shapes(cases);
        measurements(cases);
        maskIdsAndLimit(cases);
        filters(cases);
        http(cases);
        return cases;
    }

    private static void syntax(List<Case> c) {
        plain(c, "empty", "", "empty");
        plain(c, "white space only", " \n\t ", "empty");
        plain(c, "an opening brace only", "{", "ends at line 1", "cut short");
        plain(c, "cut short after a field name", "{\"facial_measurements\": ", "ends at line 1, column 25",
                "facial_measurements");
        plain(c, "cut short inside the face", "{\"facial_measurements\": {\"nose_mm\": 52,", "ends at", "cut short");
        plain(c, "garbage between members", "{\"limit\": 3 x}", "line 1, column 13", "',' or '}'", "limit");
        plain(c, "unquoted field name", "{limit: 3}", "line 1, column 2", "field name in double quotes");
        plain(c, "single-quoted field name", "{'limit': 3}", "double quotes");
        plain(c, "comma before the closing brace", "{\"facial_measurements\": " + FACE + ",}", "',' before '}'");
        plain(c, "comma before the closing bracket", "{\"mask_ids\": [1, 2,]}", "',' before ']'", "mask_ids");
        plain(c, "missing colon", "{\"limit\" 3}", "':' after the field name limit");
        plain(c, "misspelt literal", "{\"facial_measurements\": tru}", "a value for facial_measurements", "\"tru\"");
        plain(c, "leading zero", "{\"limit\": 03}", "limit", "leading zeros");
        plain(c, "decimal point without digits", "{\"limit\": 3.}", "limit", "digit after it");
        plain(c, "plus sign", "{\"limit\": +3}", "limit", "no '+' sign");
        plain(c, "unknown escape", "{\"method\": \"in\\xfer\"}", "\\x", "escape");
        plain(c, "a comment", "{/* warm */ \"method\": \"warmup\"}", "no comments");
        plain(c, "text after the request", GOOD + " xyz", "continues after its JSON object ends", "\"xyz\"",
                "exactly one JSON object");
        plain(c, "two JSON documents", GOOD + GOOD, "continues after its JSON object ends", "exactly one");
        plain(c, "two JSON documents on two lines", GOOD + "\n{\"method\": \"warmup\"}", "line 2, column 1",
                "exactly one");
        plain(c, "a closing bracket after the request", GOOD + "]", "continues after", "\"]\"");
        plain(c, "NaN", face("\"nose_mm\": 52", "\"nose_mm\": NaN"), "facial_measurements.nose_mm", "no NaN");
        plain(c, "Infinity", face("\"strap_mm\": 250", "\"strap_mm\": Infinity"), "facial_measurements.strap_mm",
                "no NaN or Infinity");
        plain(c, "-Infinity", face("\"chin_mm\": 98", "\"chin_mm\": -Infinity"), "facial_measurements.chin_mm",
                "Infinity");
        plain(c, "lower-case nan", "{\"limit\": nan}", "limit", "no NaN");
        plain(c, "NaN in mask_ids", "{\"facial_measurements\": " + FACE + ", \"mask_ids\": [1, NaN]}", "mask_ids",
                "no NaN");
    }

    private static void encoding(List<Case> c) {
        plain(c, "raw control character in a string", "{\"method\": \"war\u0001mup\"}", "U+0001", "\\u0001",
                "line 1, column 16");
        plain(c, "raw line break in a string", "{\"method\": \"war\nmup\"}", "U+000A", "\\u000a");
        plain(c, "NUL in a string", "{\"response_format\": \"default\u0000\"}", "U+0000");
        plain(c, "bell between tokens", "{\"limit\":\u0007 3}", "U+0007");
        plain(c, "escape character in a field name", "{\"lim\u001bit\": 3}", "U+001B");
        raw(c, "a byte that is never UTF-8", concat("{\"method\": \"", new byte[] {(byte) 0xff}, "\"}"),
                "not UTF-8", "0xFF", "line 1, column 13");
        raw(c, "an overlong UTF-8 encoding", concat("{\"method\": \"", new byte[] {(byte) 0xc0, (byte) 0x80}, "\"}"),
                "not UTF-8", "0xC0");
        raw(c, "an encoded surrogate", concat("{\"method\": \"", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                "\"}"), "not UTF-8");
        raw(c, "a UTF-8 sequence cut short at the end", concat(GOOD, new byte[] {(byte) 0xe2, (byte) 0x82}, ""),
                "not UTF-8");
        raw(c, "UTF-16 with a byte-order mark", utf16("{\"method\": \"warmup\"}"), "not UTF-8", "0xFE");
        raw(c, "Latin-1 text", "{\"method\": \"warmüp\"}".getBytes(StandardCharsets.ISO_8859_1), "not UTF-8",
                "0xFC");
    }

    private static void limits(List<Case> c) {
        plain(c, "10,000 nested arrays", "[".repeat(10_000), "more than 32 levels deep");
        plain(c, "40 nested objects in an unknown field", "{\"x\": ".repeat(40) + "1" + "}".repeat(40),
                "more than 32 levels deep", "x.x.x");
        plain(c, "a field twice", "{\"limit\": 1, \"facial_measurements\": " + FACE + ", \"limit\": 50}",
                "limit appears twice", "send each field once");
        plain(c, "a measurement twice", face("\"nose_mm\": 52", "\"nose_mm\": 52, \"nose_mm\": 400"),
                "facial_measurements.nose_mm appears twice");
        plain(c, "a 5,000-character field name twice", "{\"" + "k".repeat(5000) + "\": 1, \"" + "k".repeat(5000)
                + "\": 2}", "appears twice", "(5000 characters)");
        plain(c, "a 200-digit limit", "{\"facial_measurements\": " + FACE + ", \"limit\": " + "9".repeat(200) + "}",
                "limit", "more than 100 characters");
        plain(c, "a 200-digit measurement", face("\"nose_mm\": 52", "\"nose_mm\": 5" + "0".repeat(199)),
                "facial_measurements.nose_mm", "more than 100 characters");
        plain(c, "a measurement beyond a double", face("\"top_cheek_mm\": 110", "\"top_cheek_mm\": 1e400"),
                "facial_measurements.top_cheek_mm", "1E+400", "between 30 and 300");
        plain(c, "a negative measurement beyond a double", face("\"mid_cheek_mm\": 108", "\"mid_cheek_mm\": -1e400"),
                "facial_measurements.mid_cheek_mm", "between 30 and 300");
        plain(c, "a 2 MiB request", "{\"facial_measurements\": " + FACE + ", \"pad\": \"" + "x".repeat(2 << 20)
                + "\"}", "bytes", "at most 1048576 bytes");
        plain(c, "a 10 MB method", "{\"method\": \"" + "w".repeat(10_000_000) + "\"}", "at most 1048576 bytes");
        plain(c, "a 900 KB method", "{\"method\": \"" + "w".repeat(900_000) + "\"}", "method must be \"infer\" or "
                + "\"warmup\"", "(900000 characters)");
        plain(c, "a 900 KB response_format", "{\"facial_measurements\": " + FACE + ", \"response_format\": \""
                + "z".repeat(900_000) + "\"}", "response_format", "(900000 characters)");
    }

    private static void shapes(List<Case> c) {
        plain(c, "an array", "[" + GOOD + "]", "must be a JSON object", "an array");
        plain(c, "a string", "\"" + GOOD.replace("\"", "\\\"") + "\"", "must be a JSON object", "string");
        plain(c, "a number", "42", "must be a JSON object");
        plain(c, "null", "null", "must be a JSON object");
        plain(c, "true", "true", "must be a JSON object");
        plain(c, "method a number", "{\"method\": 1}", "method must be a string", "the number 1");
        plain(c, "method true", "{\"method\": true}", "method must be a string");
        plain(c, "method an array", "{\"method\": [\"infer\"]}", "method must be a string", "an array");
        plain(c, "method an object", "{\"method\": {}}", "method must be a string", "an object");
        plain(c, "method unknown", "{\"method\": \"predict\"}", "method must be \"infer\" or \"warmup\"", "\"predict\"");
        plain(c, "method empty", "{\"method\": \"\"}", "method must be \"infer\" or \"warmup\"");
        plain(c, "method in capitals", "{\"method\": \"INFER\"}", "method must be", "\"INFER\"");
        plain(c, "no facial_measurements", "{\"limit\": 3}", "facial_measurements is required");
        plain(c, "facial_measurements an array", "{\"facial_measurements\": [52, 98]}",
                "facial_measurements must be an object", "an array");
        plain(c, "facial_measurements a string", "{\"facial_measurements\": \"52,98\"}",
                "facial_measurements must be an object", "string");
        plain(c, "facial_measurements a number", "{\"facial_measurements\": 52}", "facial_measurements must be an object");
        plain(c, "facial_measurements false", "{\"facial_measurements\": false}", "facial_measurements must be an object");
        plain(c, "response_format unknown", "{\"facial_measurements\": " + FACE + ", \"response_format\": \"xml\"}",
                "response_format must be \"default\" or \"breathesafe\"", "\"xml\"");
        plain(c, "response_format a number", "{\"facial_measurements\": " + FACE + ", \"response_format\": 2}",
                "response_format must be a string");
        plain(c, "response_format an object", "{\"facial_measurements\": " + FACE + ", \"response_format\": {}}",
                "response_format must be a string");
    }

    private static void measurements(List<Case> c) {
        String[][] fields = {{"nose_mm", "52", "10", "120"}, {"chin_mm", "98", "20", "250"},
            {"top_cheek_mm", "110", "30", "300"}, {"mid_cheek_mm", "108", "30", "300"}, {"strap_mm", "250", "50", "600"},
            {"facial_hair_beard_length_mm", "0", "0", "300"}};
        for (String[] f : fields) {
            String given = "\"" + f[0] + "\": " + f[1];
            String field = "facial_measurements." + f[0];
            String rule = "between " + f[2] + " and " + f[3];
            plain(c, f[0] + " missing", face(given + (f[0].startsWith("facial") ? "" : ","), "")
                    .replace(", }", "}"), field + " is required", rule);
            plain(c, f[0] + " a string", face(given, "\"" + f[0] + "\": \"" + f[1] + "\""), field,
                    "must be a JSON number", "the string \"" + f[1] + "\"");
            plain(c, f[0] + " too small", face(given, "\"" + f[0] + "\": -1"), field + " is -1", rule);
            plain(c, f[0] + " too large", face(given, "\"" + f[0] + "\": 90000"), field + " is 90000", rule);
        }
        plain(c, "nose_mm null", face("\"nose_mm\": 52", "\"nose_mm\": null"), "facial_measurements.nose_mm is required");
        plain(c, "chin_mm true", face("\"chin_mm\": 98", "\"chin_mm\": true"), "facial_measurements.chin_mm",
                "must be a JSON number");
        plain(c, "strap_mm an array", face("\"strap_mm\": 250", "\"strap_mm\": [250]"), "facial_measurements.strap_mm",
                "must be a JSON number", "an array");
        plain(c, "beard an object", face("\"facial_hair_beard_length_mm\": 0", "\"facial_hair_beard_length_mm\": {}"),
                "facial_measurements.facial_hair_beard_length_mm", "must be a JSON number");
        plain(c, "a measurement as a long string", face("\"nose_mm\": 52", "\"nose_mm\": \"" + "5".repeat(5000) + "\""),
                "facial_measurements.nose_mm", "(5000 characters)");
    }

    private static void maskIdsAndLimit(List<Case> c) {
        String r = "{\"facial_measurements\": " + FACE + ", ";
        plain(c, "mask_ids a number", r + "\"mask_ids\": 42}", "mask_ids must be an array", "the number 42");
        plain(c, "mask_ids a string", r + "\"mask_ids\": \"1,2\"}", "mask_ids must be an array", "the string \"1,2\"");
        plain(c, "mask_ids an object", r + "\"mask_ids\": {\"0\": 1}}", "mask_ids must be an array");
        plain(c, "mask_ids empty", r + "\"mask_ids\": []}", "mask_ids must not be empty");
        plain(c, "a negative mask id", r + "\"mask_ids\": [18, -5]}", "mask_ids[1]", "-5", "between 1 and");
        plain(c, "mask id zero", r + "\"mask_ids\": [0]}", "mask_ids[0]", "between 1 and");
        plain(c, "a fractional mask id", r + "\"mask_ids\": [1.5]}", "mask_ids[0]", "between 1 and", "1.5");
        plain(c, "a mask id as a string", r + "\"mask_ids\": [\"18\"]}", "mask_ids[0]", "the string \"18\"");
        plain(c, "a null mask id", r + "\"mask_ids\": [18, null]}", "mask_ids[1]", "null");
        plain(c, "a nested array of mask ids", r + "\"mask_ids\": [[18]]}", "mask_ids[0]", "an array");
        plain(c, "a mask id beyond 64 bits", r + "\"mask_ids\": [123456789012345678901234567890]}", "mask_ids[0]",
                "123456789012345678901234567890");
        plain(c, "1,001 mask ids", r + "\"mask_ids\": [" + "7,".repeat(1000) + "7]}", "mask_ids has 1001 ids",
                "at most 1000");
        plain(c, "200,000 mask ids", r + "\"mask_ids\": [" + "7,".repeat(199_999) + "7]}", "mask_ids has 200000 ids");
        plain(c, "limit zero", r + "\"limit\": 0}", "limit must be a positive integer", "the number 0");
        plain(c, "limit negative", r + "\"limit\": -3}", "limit must be a positive integer", "-3");
        plain(c, "limit a large negative", r + "\"limit\": -1000000000000}", "limit must be a positive integer",
                "-1000000000000");
        plain(c, "limit a fraction", r + "\"limit\": 2.5}", "limit must be a positive integer", "2.5");
        plain(c, "limit with an exponent", r + "\"limit\": 1e3}", "limit must be a positive integer");
        plain(c, "limit a string", r + "\"limit\": \"10\"}", "limit must be a positive integer", "the string \"10\"");
        plain(c, "limit true", r + "\"limit\": true}", "limit must be a positive integer", "true");
        plain(c, "limit an array", r + "\"limit\": [3]}", "limit must be a positive integer", "an array");
    }

    /** styles, strap_types and exclude_mask_ids (docs/api.md, "Filters"), and methods this function does not serve. */
    private static void filters(List<Case> c) {
        String r = "{\"facial_measurements\": " + FACE + ", ";
        plain(c, "styles a string", r + "\"styles\": \"Boat\"}", "styles must be an array", "the string \"Boat\"");
        plain(c, "styles an object", r + "\"styles\": {\"Boat\": true}}", "styles must be an array", "an object");
        plain(c, "styles empty", r + "\"styles\": []}", "styles must not be empty", "leave it out");
        plain(c, "a style as a number", r + "\"styles\": [\"Boat\", 3]}", "styles[1]", "the number 3");
        plain(c, "a null style", r + "\"styles\": [null]}", "styles[0]", "null");
        plain(c, "a blank style", r + "\"styles\": [\"  \"]}", "styles[0]", "non-empty string");
        plain(c, "a nested array of styles", r + "\"styles\": [[\"Boat\"]]}", "styles[0]", "an array");
        plain(c, "101 styles", r + "\"styles\": [" + "\"Boat\",".repeat(100) + "\"Boat\"]}", "styles has 101 names",
                "at most 100");
        plain(c, "200,000 styles", r + "\"styles\": [" + "\"x\",".repeat(199_999) + "\"x\"]}",
                "styles has 200000 names");
        plain(c, "a style the catalogue does not have", r + "\"styles\": [\"Boat\", \"Pleated\"]}", "styles[1]",
                "\"Pleated\"", "allowed values", "\"Boat\"");
        plain(c, "a 5,000-character style", r + "\"styles\": [\"" + "B".repeat(5000) + "\"]}", "styles[0]",
                "(5000 characters)", "allowed values");
        plain(c, "styles twice", r + "\"styles\": [\"Boat\"], \"styles\": [\"Cup\"]}", "styles appears twice");
        plain(c, "strap_types a string", r + "\"strap_types\": \"Headstrap\"}", "strap_types must be an array");
        plain(c, "strap_types empty", r + "\"strap_types\": []}", "strap_types must not be empty");
        plain(c, "a strap type as true", r + "\"strap_types\": [true]}", "strap_types[0]", "true");
        plain(c, "a strap type the catalogue does not have", r + "\"strap_types\": [\"Velcro\"]}", "strap_types[0]",
                "\"Velcro\"", "allowed values", "\"Headstrap\"");
        plain(c, "exclude_mask_ids a number", r + "\"exclude_mask_ids\": 7}", "exclude_mask_ids must be an array",
                "the number 7");
        plain(c, "exclude_mask_ids an object", r + "\"exclude_mask_ids\": {}}", "exclude_mask_ids must be an array");
        plain(c, "a negative excluded mask id", r + "\"exclude_mask_ids\": [3, -5]}", "exclude_mask_ids[1]",
                "between 1 and", "-5");
        plain(c, "an excluded mask id as a string", r + "\"exclude_mask_ids\": [\"3\"]}", "exclude_mask_ids[0]",
                "the string \"3\"");
        plain(c, "a fractional excluded mask id", r + "\"exclude_mask_ids\": [2.5]}", "exclude_mask_ids[0]", "2.5");
        plain(c, "1,001 excluded mask ids", r + "\"exclude_mask_ids\": [" + "7,".repeat(1000) + "7]}",
                "exclude_mask_ids has 1001 ids", "at most 1000");
        plain(c, "method train", "{\"method\": \"train\", \"epochs\": 100, \"learning_rate\": 0.0001}",
                "method \"train\" is not served", "training function", "mask-recommender-training");
    }

    private static void http(List<Case> c) {
        String face = GOOD;
        http(c, "API Gateway body as an object", "{\"version\": \"2.0\", \"routeKey\": \"$default\", \"headers\": {},"
                + " \"requestContext\": {\"http\": {\"method\": \"POST\"}}, \"body\": " + face + "}",
                "body must be a string", "an object");
        http(c, "REST API body as an object", "{\"httpMethod\": \"POST\", \"path\": \"/\", \"headers\": {}, \"body\": "
                + face + ", \"isBase64Encoded\": false}", "body must be a string", "an object");
        http(c, "body a number", event("42", "false"), "body must be a string", "the number 42");
        http(c, "body an array", event("[1]", "false"), "body must be a string", "an array");
        http(c, "body true", event("true", "false"), "body must be a string");
        http(c, "body null", event("null", "false"), "no body");
        http(c, "body empty", event("\"\"", "false"), "no body");
        http(c, "body blank", event("\"  \\n \"", "false"), "no body");
        http(c, "a GET without a body", "{\"httpMethod\": \"GET\", \"path\": \"/\", \"headers\": {}}", "no body");
        http(c, "isBase64Encoded the string \"true\"", event(quoted(base64(GOOD)), "\"true\""),
                "isBase64Encoded must be true or false", "the string \"true\"");
        http(c, "isBase64Encoded a number", event(quoted(GOOD), "1"), "isBase64Encoded must be true or false");
        http(c, "isBase64Encoded an object", event(quoted(GOOD), "{}"), "isBase64Encoded must be true or false");
        http(c, "body marked base64 that is not", event(quoted("!!not base64!!"), "true"), "not valid base64");
        http(c, "base64 of bytes that are not UTF-8", event(quoted(Base64.getEncoder().encodeToString(
                new byte[] {'{', '"', (byte) 0xff, '"', '}'})), "true"), "HTTP body is not UTF-8");
        http(c, "base64 of malformed JSON", event(quoted(base64("{\"limit\": ")), "true"), "malformed JSON",
                "HTTP body");
        http(c, "body with text after the request", event(quoted(GOOD + " xyz"), "false"),
                "continues after its JSON object ends", "HTTP body");
        http(c, "body with NaN", event(quoted(face("\"nose_mm\": 52", "\"nose_mm\": NaN")), "false"),
                "facial_measurements.nose_mm", "no NaN");
        http(c, "body the JSON null", event(quoted("null"), "false"), "must be a JSON object");
        http(c, "body a JSON array", event(quoted("[" + GOOD + "]"), "false"), "must be a JSON object");
        http(c, "body with a field twice", event(quoted("{\"limit\": 1, \"limit\": 2}"), "false"),
                "limit appears twice");
        http(c, "body with a negative limit", event(quoted("{\"facial_measurements\": " + FACE + ", \"limit\": -1}"),
                "false"), "limit must be a positive integer");
        http(c, "body with a raw control character", event(quoted("{\"method\": \"warm\u0002up\"}"), "false"),
                "U+0002");
        http(c, "body nested 100 deep", event(quoted("[".repeat(100)), "false"), "more than 32 levels deep");
        http(c, "body UTF-16 in base64", event(quoted(Base64.getEncoder().encodeToString(utf16(GOOD))), "true"),
                "not UTF-8");
        // a field twice makes the event unreadable before it can be told to be HTTP: a plain answer
        plain(c, "event with the body twice", "{\"headers\": {}, \"requestContext\": {}, \"body\": \"{}\", \"body\": "
                + quoted(GOOD) + "}", "body appears twice");
    }

    private static String face(String from, String to) {
        String face = FACE.replace(from, to);
        if (face.equals(FACE) && !from.equals(to)) {
            throw new IllegalArgumentException("no " + from + " in the face");
        }
        return "{\"facial_measurements\": " + face.replace(", ,", ",").replace("{, ", "{") + "}";
    }

    private static String event(String bodyJson, String base64Json) {
        return "{\"version\": \"2.0\", \"routeKey\": \"$default\", \"rawPath\": \"/\", \"headers\": {\"content-type\":"
                + " \"application/json\"}, \"requestContext\": {\"http\": {\"method\": \"POST\"}}, \"body\": " + bodyJson
                + ", \"isBase64Encoded\": " + base64Json + "}";
    }

    private static String quoted(String s) {
        try {
            return new ObjectMapper().writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(UTF_8));
    }

    private static byte[] utf16(String s) {
        return s.getBytes(StandardCharsets.UTF_16); // big-endian with a byte-order mark
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(UTF_8));
        return out.toByteArray();
    }

    private static void plain(List<Case> c, String name, String event, String... mustMention) {
        c.add(new Case(name, event.getBytes(UTF_8), false, List.of(mustMention)));
    }

    private static void raw(List<Case> c, String name, byte[] event, String... mustMention) {
        c.add(new Case(name, event, false, List.of(mustMention)));
    }

    private static void http(List<Case> c, String name, String event, String... mustMention) {
        c.add(new Case(name, event.getBytes(UTF_8), true, List.of(mustMention)));
    }
}
