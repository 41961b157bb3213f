package org.maskrecommender.testkit.logs;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what the code under test logs through java.util.logging (which {@code System.Logger}, JBoss Logging and
 * Quarkus's log manager all end in), for tests that check log content: the named loggers' records and those of
 * their children, for as long as it is open. Each record is kept as its text: message with parameters substituted,
 * and the thrown exception's stack trace, messages included.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<Logger> loggers = new ArrayList<>();
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture() {
        setLevel(Level.ALL);
    }

    /** Starts capturing those loggers ({@code ""} = the root logger: everything that reaches its handlers). */
    public static LogCapture of(String... loggerNames) {
        LogCapture capture = new LogCapture();
        for (String name : loggerNames) {
            Logger logger = Logger.getLogger(name);
            logger.addHandler(capture);
            capture.loggers.add(logger);
        }
        return capture;
    }

    /** The captured records, oldest first. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The message of each record of that logger, as logged (parameters not substituted), oldest first. */
    public List<String> messages(String loggerName) {
        return records.stream().filter(r -> loggerName.equals(r.getLoggerName())).map(LogRecord::getMessage).toList();
    }

    /** Everything captured as text: each record's message, its parameters and its exception's stack trace. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (LogRecord r : records) {
            sb.append(r.getLoggerName()).append(' ').append(r.getLevel()).append(' ').append(r.getMessage());
            if (r.getParameters() != null) {
                for (Object p : r.getParameters()) {
                    sb.append(" | ").append(p);
                }
            }
            if (r.getThrown() != null) {
                StringWriter trace = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(trace));
                sb.append('\n').append(trace);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        loggers.forEach(l -> l.removeHandler(this));
    }
}
