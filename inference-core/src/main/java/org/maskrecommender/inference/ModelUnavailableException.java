package org.maskrecommender.inference;

/**
 * The model cannot be served: store unreachable, files missing, or files that fail verification.
 * The holder answers the same for a short backoff, then tries again.
 */
public class ModelUnavailableException extends RuntimeException {

    public ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
