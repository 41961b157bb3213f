package org.maskrecommender.cli.invoke;

/** How one local invocation ended. */
sealed interface Outcome {

    /** The function answered; {@code payload} is its response as the caller would receive it. */
    record Answer(byte[] payload) implements Outcome {
    }

    /**
     * The function failed: a function error ({@code errorType} and {@code errorMessage}, as Lambda reports them to the
     * caller), or, with {@code init}, a failure while the function was initialising.
     */
    record Failed(String type, String message, boolean init) implements Outcome {
    }

    /** The function's process ended before answering (exit status {@code exitCode}). */
    record Exited(int exitCode) implements Outcome {
    }

    /** No answer within the function's timeout; the process was stopped. */
    record TimedOut(java.time.Duration timeout) implements Outcome {
    }
}
