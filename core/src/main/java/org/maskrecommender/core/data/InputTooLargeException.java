package org.maskrecommender.core.data;

/**
 * A data file with more rows than the reader was allowed to take. Thrown as soon as the row after the
 * limit is read, so an input too large for the memory at hand is refused while it is being read rather
 * than by the runtime killing the process later.
 */
public class InputTooLargeException extends RuntimeException {

    private final String source;
    private final int maxRows;
    private final int line;

    /**
     * @param source  the file or location being read
     * @param maxRows the most rows allowed
     * @param line    1-based line where the first row beyond the limit starts
     */
    public InputTooLargeException(String source, int maxRows, int line) {
        super(String.format("%s: more than %,d rows (row %,d starts on line %,d)", source, maxRows, (long) maxRows + 1,
                line));
        this.source = source;
        this.maxRows = maxRows;
        this.line = line;
    }

    public String source() {
        return source;
    }

    /** The most rows allowed. */
    public int maxRows() {
        return maxRows;
    }

    /** 1-based line where the first row beyond the limit starts. */
    public int line() {
        return line;
    }
}
