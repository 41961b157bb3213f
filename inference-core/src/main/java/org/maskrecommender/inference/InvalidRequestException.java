package org.maskrecommender.inference;

/** A request that breaks the contract; the message names the field and the rule. */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
