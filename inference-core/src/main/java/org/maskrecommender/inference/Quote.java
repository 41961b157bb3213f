package org.maskrecommender.inference;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How error messages quote what the caller sent: at most {@link #MAX} characters of it, control characters
 * escaped, and the length of what was cut. A message never echoes a caller's input in full.
 */
final class Quote {

    /** Most characters of the caller's input one quotation holds. */
    static final int MAX = 100;

    private Quote() {
    }

    /** Text in double quotes, escaped like a JSON string, cut at {@link #MAX} characters. */
    static String text(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX) + 16).append('"');
        int end = Math.min(s.length(), MAX);
        if (end < s.length() && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--; // never split a character in two
        }
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
        if (end < s.length()) {
            sb.append("… (").append(s.length()).append(" characters)");
        }
        return sb.toString();
    }

    /** A field path as the caller wrote it, cut like any quotation when a name is absurdly long. */
    static String path(String path) {
        return path.length() <= MAX ? path : text(path);
    }

    /** What a JSON value is, for "got …": its type and a short quotation of it. */
    static String value(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "the string " + text(node.textValue());
            case NUMBER -> "the number " + number(node);
            case BOOLEAN -> node.booleanValue() ? "true" : "false";
            case NULL -> "null";
            case ARRAY -> "an array of " + node.size() + (node.size() == 1 ? " element" : " elements");
            case OBJECT -> "an object";
            default -> "an unreadable value";
        };
    }

    /** A number as the caller can recognise it, cut at {@link #MAX} characters. */
    static String number(JsonNode node) {
        String s = node.isBigDecimal() ? node.decimalValue().toString() : node.asText();
        return s.length() <= MAX ? s : s.substring(0, MAX) + "… (" + s.length() + " characters)";
    }
}
