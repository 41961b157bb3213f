package org.maskrecommender.core.ledger;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The ledger of one function as read at one moment: what a release decides from, and what
 * {@link Ledger#commit} checks nothing was recorded after.
 *
 * @param function the Lambda function
 * @param entries  every entry, oldest first
 * @param tag      the store's tag of this state of the file; null when the ledger does not exist yet
 */
public record LedgerSnapshot(String function, List<LedgerEntry> entries, String tag) {

    public LedgerSnapshot {
        Objects.requireNonNull(function, "function");
        entries = List.copyOf(entries);
    }

    /**
     * The most recent entry started by that event (EventBridge id or an invoke's event_id), so a redelivered
     * event can be recognised before anything is deployed for it again.
     *
     * @return empty for an unknown, null or blank id
     */
    public Optional<LedgerEntry> findByEventId(String eventId) {
        if (eventId == null || eventId.isBlank()) {
            return Optional.empty();
        }
        for (int i = entries.size() - 1; i >= 0; i--) {
            LedgerEntry entry = entries.get(i);
            if (entry.trigger() != null && eventId.equals(entry.trigger().eventId())) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /**
     * The model version the function serves as far as the ledger knows: that of the newest succeeded release or
     * rollback that names one. Equal to the {@code MODEL_VERSION} of the version alias {@code live} points at, as
     * long as the alias only moves through the deployer. Reading it here keeps training free of any Lambda
     * permission.
     *
     * @return empty when nothing was deployed yet
     */
    public Optional<String> deployedModel() {
        for (int i = entries.size() - 1; i >= 0; i--) {
            LedgerEntry entry = entries.get(i);
            if (entry.outcome() == LedgerEntry.Outcome.SUCCEEDED && entry.modelVersion() != null) {
                return Optional.of(entry.modelVersion());
            }
        }
        return Optional.empty();
    }

    /**
     * Where "roll back to the previous successful version" goes: the {@code to_version} of the most
     * recent succeeded entry whose {@code to_version} is not {@code currentVersion}, skipping versions
     * that a later succeeded rollback moved away from. Without that skip, rolling back twice
     * (v3 bad, roll back to v2, v2 bad too) would return to v3, the version already found bad.
     *
     * @param currentVersion the version alias {@code live} points at now (null: none)
     */
    public Optional<String> previousSuccessfulVersion(String currentVersion) {
        Set<String> rolledBackFrom = new HashSet<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            LedgerEntry entry = entries.get(i);
            if (entry.outcome() != LedgerEntry.Outcome.SUCCEEDED) {
                continue;
            }
            String version = entry.toVersion();
            if (version != null && !version.equals(currentVersion) && !rolledBackFrom.contains(version)) {
                return Optional.of(version);
            }
            if (entry.action() == LedgerEntry.Action.ROLLBACK && entry.fromVersion() != null) {
                rolledBackFrom.add(entry.fromVersion());
            }
        }
        return Optional.empty();
    }

    /** The {@code n} most recent entries, oldest first (fewer when the ledger is shorter). */
    public List<LedgerEntry> last(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        return entries.subList(Math.max(0, entries.size() - n), entries.size());
    }
}
