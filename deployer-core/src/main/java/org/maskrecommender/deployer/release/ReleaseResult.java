package org.maskrecommender.deployer.release;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.maskrecommender.core.ledger.LedgerEntry;
import org.maskrecommender.deployer.alarm.BakeWatch;

/**
 * The outcome of a release or rollback, as callers (handler, command line, workflow) report it.
 *
 * @param entry         the ledger entry (for a duplicate: the earlier one)
 * @param duplicate     true when the event id was already released and nothing was done this time
 * @param releaseRecord the release record's key, when one was written
 * @param watch         for a succeeded release: the alarms that watch the new version and the end of the bake
 *                      window within which they roll it back
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReleaseResult(LedgerEntry entry, boolean duplicate, String releaseRecord, BakeWatch.Watch watch) {

    public ReleaseResult(LedgerEntry entry, boolean duplicate, String releaseRecord) {
        this(entry, duplicate, releaseRecord, null);
    }

    /** The same result, saying what watches the release (nothing for anything but a succeeded release). */
    public ReleaseResult watchedBy(BakeWatch bake) {
        return new ReleaseResult(entry, duplicate, releaseRecord, bake.of(entry).orElse(null));
    }

    public boolean succeeded() {
        return entry.outcome() == LedgerEntry.Outcome.SUCCEEDED;
    }
}
