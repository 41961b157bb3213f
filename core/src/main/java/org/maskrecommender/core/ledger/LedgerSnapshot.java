package org.maskrecommender.core.ledger;

import java.util.ArrayList;
import java.util.Collections;
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
        for (LedgerEntry entry : concluded()) {
            if (entry.outcome() == LedgerEntry.Outcome.SUCCEEDED && entry.modelVersion() != null) {
                return Optional.of(entry.modelVersion());
            }
        }
        return Optional.empty();
    }

    /**
     * Where going back from {@code currentVersion} goes: to where {@code live} was before the release that put it
     * on {@code currentVersion} (that succeeded release's {@code from_version}). Rolling back again goes one
     * release further back, since the version gone back to was itself put there by an earlier release.
     *
     * @param currentVersion the version alias {@code live} points at now
     * @return empty when no succeeded release put {@code live} on that version, or it had no version before
     */
    public Optional<String> rollbackTarget(String currentVersion) {
        for (LedgerEntry entry : concluded()) {
            if (entry.action() == LedgerEntry.Action.RELEASE && entry.outcome() == LedgerEntry.Outcome.SUCCEEDED
                    && Objects.equals(entry.toVersion(), currentVersion)) {
                return Optional.ofNullable(entry.fromVersion());
            }
        }
        return Optional.empty();
    }

    /** The newest release that succeeded: the one an alarm on {@code live} is about. */
    public Optional<LedgerEntry> lastSucceededRelease() {
        for (LedgerEntry entry : concluded()) {
            if (entry.action() == LedgerEntry.Action.RELEASE && entry.outcome() == LedgerEntry.Outcome.SUCCEEDED) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /**
     * What an alarm already did about that release: the newest entry started by an alarm after it that found
     * {@code live} on the release's version (a rollback, or a refusal recorded outside the bake window). One
     * alarm response per release: later alarm events about the same release do nothing more.
     */
    public Optional<LedgerEntry> alarmResponseTo(LedgerEntry release) {
        for (LedgerEntry entry : concluded()) {
            if (!entry.time().isBefore(release.time()) && entry.trigger() != null
                    && entry.trigger().type() == Trigger.Type.ALARM
                    && Objects.equals(entry.fromVersion(), release.toVersion())) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /**
     * The entries as they ended, newest first: a pending entry that a later one with its id concludes is left out
     * (its conclusion stands in its place).
     */
    private List<LedgerEntry> concluded() {
        Set<String> seen = new HashSet<>();
        List<LedgerEntry> newestFirst = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (seen.add(entries.get(i).id())) {
                newestFirst.add(entries.get(i));
            }
        }
        return newestFirst;
    }

    /**
     * The {@code n} most recent releases and rollbacks as they ended, oldest first: one entry per id (a concluded
     * pending entry shows as its conclusion), fewer when the ledger is shorter.
     */
    public List<LedgerEntry> last(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        List<LedgerEntry> newestFirst = concluded();
        List<LedgerEntry> last = new ArrayList<>(newestFirst.subList(0, Math.min(n, newestFirst.size())));
        Collections.reverse(last);
        return List.copyOf(last);
    }
}
