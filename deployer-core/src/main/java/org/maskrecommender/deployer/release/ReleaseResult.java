package org.maskrecommender.deployer.release;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.maskrecommender.core.ledger.LedgerEntry;

/**
 * The outcome of a release or rollback, as callers (handler, command line, workflow) report it.
 *
 * @param entry         the ledger entry (for a duplicate: the earlier one)
 * @param duplicate     true when the event id was already released and nothing was done this time
 * @param releaseRecord the release record's key, when one was written
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReleaseResult(LedgerEntry entry, boolean duplicate, String releaseRecord) {

    public boolean succeeded() {
        return entry.outcome() == LedgerEntry.Outcome.SUCCEEDED;
    }
}
