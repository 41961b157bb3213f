package org.maskrecommender.training.export;

/** The model cannot be exported faithfully; nothing is published. */
public class ExportException extends RuntimeException {

    public ExportException(String message) {
        super(message);
    }

    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
