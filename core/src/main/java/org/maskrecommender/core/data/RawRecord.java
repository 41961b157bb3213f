package org.maskrecommender.core.data;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One record of a tabular file before typing: text values by column name (null = missing).
 *
 * @param source where it came from (file name or location), for error messages
 * @param line   1-based line where the record starts
 * @param values column name to raw text; absent or null means missing
 */
public record RawRecord(String source, int line, Map<String, String> values) {

    /**
     * A number as exports write one: decimal digits, an optional fraction and exponent; or NaN / Infinity, which
     * cleaning drops as implausible. Not Java's other spellings ({@code 98d}, {@code 0x1p8}, control characters
     * around it), which {@link Double#valueOf} would take.
     */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(NaN|Infinity)");

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
        if (!NUMBER.matcher(s).matches()) {
            throw new DataFormatException(source, line, field, "expected a number, got " + quote(s));
        }
        return Double.valueOf(s);
    }

    /** A value in quotes, control characters escaped, cut at 100 characters. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        int end = Math.min(s.length(), 100);
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
        return end < s.length() ? sb.append("… (").append(s.length()).append(" characters)").toString() : sb.toString();
    }

    /**
     * An integer id, null when missing; a DataFormatException when it is not a whole number from 0 to
     * 9223372036854775807 (a {@code 1.0} as spreadsheets write whole numbers is 1).
     */
    public Long id(String field) {
        String s = text(field);
        if (s != null && s.length() <= 19 && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Long.valueOf(s); // exact, where a double would round ids above 2^53
            } catch (NumberFormatException e) {
                throw outOfRange(field, s);
            }
        }
        Double d = number(field);
        if (d == null) {
            return null;
        }
        if (d != Math.rint(d) || Double.isInfinite(d)) {
            throw new DataFormatException(source, line, field, "expected a whole number, got " + quote(s));
        }
        if (d < 0 || d >= 0x1p63) {
            throw outOfRange(field, s);
        }
        return d.longValue();
    }

    private DataFormatException outOfRange(String field, String s) {
        return new DataFormatException(source, line, field, "expected an id from 0 to " + Long.MAX_VALUE + ", got "
                + quote(s));
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
