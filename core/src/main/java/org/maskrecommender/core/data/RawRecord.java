package org.maskrecommender.core.data;

import java.util.Locale;
import java.util.Map;

/**
 * One record of a tabular file before typing: text values by column name (null = missing).
 *
 * @param source where it came from (file name or location), for error messages
 * @param line   1-based line where the record starts
 * @param values column name to raw text; absent or null means missing
 */
public record RawRecord(String source, int line, Map<String, String> values) {

    /** The raw text of a field, null when missing or blank. */
    public String text(String field) {
        String v = values.get(field);
        if (v == null) {
            return null;
        }
        String s = v.strip();
        return s.isEmpty() ? null : s;
    }

    /** A number, null when missing; a DataFormatException naming the field when it is not a number. */
    public Double number(String field) {
        String s = text(field);
        if (s == null) {
            return null;
        }
        try {
            return Double.valueOf(s);
        } catch (NumberFormatException e) {
            throw new DataFormatException(source, line, field, "expected a number, got \"" + s + "\"");
        }
    }

    /** An integer id, null when missing; a DataFormatException when it is not a whole number. */
    public Long id(String field) {
        String s = text(field);
        if (s != null && s.chars().allMatch(Character::isDigit) && s.length() < 19) {
            return Long.valueOf(s); // exact, where a double would round ids above 2^53
        }
        Double d = number(field);
        if (d == null) {
            return null;
        }
        if (d != Math.rint(d) || Double.isInfinite(d)) {
            throw new DataFormatException(source, line, field, "expected a whole number, got \"" + text(field) + "\"");
        }
        return d.longValue();
    }

    /**
     * A boolean in any spelling the app's exports use (true/false, t/f, 1/0, yes/no). Null both when
     * the field is missing and when it is not a boolean: callers tell the two apart with {@link #text}.
     */
    public Boolean bool(String field) {
        String s = text(field);
        if (s == null) {
            return null;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "t", "1", "1.0", "yes", "y" -> Boolean.TRUE;
            case "false", "f", "0", "0.0", "no", "n" -> Boolean.FALSE;
            default -> null;
        };
    }
}
