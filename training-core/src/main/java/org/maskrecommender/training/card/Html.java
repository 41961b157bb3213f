package org.maskrecommender.training.card;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Writes well-formed HTML (it also parses as XML): every piece of text and every attribute value goes through
 * {@link #escape}, because mask names, styles and data locations come from data and are untrusted.
 */
final class Html {

    private final StringBuilder out = new StringBuilder(64 * 1024);

    /** Escapes text for element content and double- or single-quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    // control characters are not allowed in HTML or XML text; nothing legitimate needs them
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        sb.append('\uFFFD');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** A number for people: 4 decimals, "—" when missing or not a number. */
    static String number(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "—";
        }
        if (node.isIntegralNumber()) {
            return String.format(Locale.ROOT, "%,d", node.asLong());
        }
        if (node.isNumber()) {
            double v = node.asDouble();
            return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "—";
        }
        // NaN is written as a string by Jackson unless told otherwise
        return "NaN".equals(node.asText()) ? "—" : node.asText();
    }

    /** A node's text, or "—" when absent. */
    static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? "—"
                : node.isValueNode() ? node.asText() : node.toString();
    }

    /** Appends markup written by this class's callers (never data). */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends escaped text. */
    Html text(String text) {
        out.append(escape(text));
        return this;
    }

    /** {@code <tag>escaped text</tag>}. */
    Html element(String tag, String text) {
        out.append('<').append(tag).append('>').append(escape(text)).append("</").append(tag).append('>');
        return this;
    }

    /** A table row of escaped cells; the first a header cell. */
    Html row(String... cells) {
        out.append("<tr>");
        for (int i = 0; i < cells.length; i++) {
            String tag = i == 0 ? "th" : "td";
            out.append('<').append(tag).append(i == 0 ? " scope=\"row\"" : "").append('>').append(escape(cells[i]))
                    .append("</").append(tag).append('>');
        }
        out.append("</tr>\n");
        return this;
    }

    /** A table header row of escaped cells. */
    Html headerRow(String... cells) {
        out.append("<tr>");
        for (String c : cells) {
            out.append("<th scope=\"col\">").append(escape(c)).append("</th>");
        }
        out.append("</tr>\n");
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
