package org.maskrecommender.deployer.release;

/** A release step failed; the message says which and why. The alias was left (or put back) where it was. */
public class ReleaseException extends RuntimeException {

    public ReleaseException(String message) {
        super(message);
    }

    public ReleaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
