package org.maskrecommender.inference;

/**
 * The model cannot be served: store unreachable, files missing, or files that fail verification.
 * Nothing is cached, so the next invocation tries again.
 */
public class ModelUnavailableException extends RuntimeException {

    public ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
