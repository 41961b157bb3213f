package org.maskrecommender.core.data;

import java.io.IOException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * The shape both formats share: a parser positioned inside the array of records, and a way to read
 * the next record. Parser failures become {@link DataFormatException}s naming the file.
 */
abstract class Records extends Spliterators.AbstractSpliterator<RawRecord> {

    final String source;
    final JsonParser parser;
    private boolean done;

    Records(String source, JsonParser parser) {
        super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
        this.source = source;
        this.parser = parser;
    }

    /** Reads what comes before the first record (a CSV header, a JSON wrapper). */
    abstract void readUpToRecords() throws IOException;

    /** The next record, null after the last one. */
    abstract RawRecord next() throws IOException;

    /** The problem the parser reported, in this format's words. */
    abstract DataFormatException malformed(JsonProcessingException e);

    /** {@link #readUpToRecords}, closing the parser if the file is refused. */
    final void start() {
        try {
            step(() -> {
                readUpToRecords();
                return null;
            });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public final boolean tryAdvance(Consumer<? super RawRecord> action) {
        RawRecord record = done ? null : step(this::next);
        if (record == null) {
            done = true;
            return false;
        }
        action.accept(record);
        return true;
    }

    private interface ParserStep {
        RawRecord run() throws IOException;
    }

    private RawRecord step(ParserStep step) {
        try {
            return step.run();
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new DataFormatException(source, 0, null, "cannot read: " + e.getMessage());
        }
    }

    final int tokenLine() {
        return parser.currentTokenLocation().getLineNr();
    }

    static int line(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
    }

    final void close() {
        try {
            parser.close();
        } catch (IOException e) {
            // the source is an array in memory: nothing to release
        }
    }
}
