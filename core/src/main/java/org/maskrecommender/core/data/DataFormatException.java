package org.maskrecommender.core.data;

/**
 * A data file that cannot be read as the export shape: bad syntax, a missing column, or a value of
 * the wrong type. The message names the file, the line and the field so the export can be fixed;
 * training publishes nothing when it sees one.
 */
public class DataFormatException extends RuntimeException {

    private final String source;
    private final int line;
    private final String field;

    public DataFormatException(String source, int line, String field, String problem) {
        super(describe(source, line, field, problem));
        this.source = source;
        this.line = line;
        this.field = field;
    }

    private static String describe(String source, int line, String field, String problem) {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(" line ").append(line);
        }
        if (field != null) {
            sb.append(", field ").append(field);
        }
        return sb.append(": ").append(problem).toString();
    }

    /** The file or location that was being read. */
    public String source() {
        return source;
    }

    /** 1-based line in the file where the record starts, 0 when not tied to a line. */
    public int line() {
        return line;
    }

    /** The field at fault, null when the problem is not one field's. */
    public String field() {
        return field;
    }
}
