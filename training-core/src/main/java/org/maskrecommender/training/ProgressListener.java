package org.maskrecommender.training;

/** Receives one human-readable line per step of a long training run. */
@FunctionalInterface
public interface ProgressListener {

    void step(String message);

    /** Discards progress (e.g. when only the result matters). */
    static ProgressListener silent() {
        return message -> { };
    }
}
