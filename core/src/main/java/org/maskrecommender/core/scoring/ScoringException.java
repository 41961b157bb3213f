package org.maskrecommender.core.scoring;

/** The model could not be loaded or run by ONNX Runtime. */
public class ScoringException extends RuntimeException {

    public ScoringException(String message, Throwable cause) {
        super(message, cause);
    }
}
