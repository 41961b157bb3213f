package org.maskrecommender.core.ledger;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Another release or rollback of the same function was recorded after this one took its
 * {@link LedgerSnapshot}: this one lost, was not recorded, and must not take effect.
 */
public class ConcurrentReleaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConcurrentReleaseException(String function, String ledgerLocation, LedgerEntry attempted,
                                      List<LedgerEntry> recordedMeanwhile) {
        super("concurrent release of " + function + ": its deployment ledger " + ledgerLocation
                + " changed after this " + describe(attempted) + " started ("
                + (recordedMeanwhile.isEmpty() ? "rewritten"
                        : "recorded meanwhile: " + recordedMeanwhile.stream().map(ConcurrentReleaseException::describe)
                                .collect(Collectors.joining("; ")))
                + "); this one was not recorded and must not take effect");
    }

    private static String describe(LedgerEntry entry) {
        StringBuilder text = new StringBuilder();
        text.append(entry.action() == null ? "entry" : entry.action().json());
        if (entry.toVersion() != null) {
            text.append(" to version ").append(entry.toVersion());
        }
        if (entry.outcome() != null) {
            text.append(" (").append(entry.outcome().json()).append(')');
        }
        if (entry.trigger() != null && entry.trigger().type() != null) {
            text.append(" by ").append(entry.trigger().type().label());
            if (entry.trigger().eventId() != null) {
                text.append(' ').append(entry.trigger().eventId());
            }
        }
        return text.append(" [").append(entry.id()).append(']').toString();
    }
}
