package org.maskrecommender.deployer.release;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.ConcurrentReleaseException;
import org.maskrecommender.core.ledger.Ledger;
import org.maskrecommender.core.ledger.LedgerEntry;
import org.maskrecommender.core.ledger.LedgerSnapshot;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.core.notify.Notifier;
import org.maskrecommender.core.store.BlobStore;
import org.maskrecommender.deployer.alarm.BakeWatch;
import org.maskrecommender.deployer.notify.NotificationComposer;

/**
 * Moves alias {@code live} back in one UpdateAlias call: to the named version, or to where {@code live} was
 * before the release that put it on its current version ({@link LedgerSnapshot#rollbackTarget}), so rolling back
 * again goes one release further back. Versions that do not exist are refused before anything moves. An alarm on
 * {@code live} rolls the last release back by itself within its bake window ({@link #respondToAlarm}).
 */
public final class RollbackService {

    private static final System.Logger LOG = System.getLogger(RollbackService.class.getName());

    private final DeploymentTargets targets;
    private final Function<String, BlobStore> stores;
    private final LambdaOperations lambda;
    private final Notifier notifier;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final BakeWatch bake;

    public RollbackService(DeploymentTargets targets, Function<String, BlobStore> stores,
                           LambdaOperations lambda, Notifier notifier, ObjectMapper mapper, Clock clock,
                           BakeWatch bake) {
        this.targets = targets;
        this.stores = stores;
        this.lambda = lambda;
        this.notifier = notifier;
        this.mapper = mapper;
        this.clock = clock;
        this.bake = bake;
    }

    /**
     * @param environment the environment
     * @param toVersion   the Lambda version to go back to; null = where the current one's release came from
     * @param trigger     who asked
     */
    public ReleaseResult rollback(Environment environment, String toVersion, Trigger trigger) {
        DeploymentTarget target = targets.of(environment);
        Ledger ledger = ledger(target);
        LedgerSnapshot snapshot = ledger.snapshot();
        Optional<ReleaseResult> handled = handledBefore(snapshot, trigger);
        if (handled.isPresent()) {
            // A retried rollback without a version would otherwise go back one more step.
            return handled.get();
        }
        String current = currentVersion(target);
        if (current == null) {
            return refuse(target, ledger, trigger, null, "alias " + target.alias() + " of " + target.functionName()
                    + " does not exist: nothing to roll back");
        }
        String to = toVersion != null ? toVersion : snapshot.rollbackTarget(current).orElse(null);
        if (to == null) {
            return refuse(target, ledger, trigger, current, "no succeeded release in the ledger put "
                    + target.functionName() + " on version " + current + " from an earlier one, so there is nowhere "
                    + "to go back to; name the version (to_version)");
        }
        return moveBack(target, ledger, snapshot, trigger, current, to);
    }

    /**
     * A CloudWatch alarm on alias {@code live} went to ALARM at {@code firedAt}. Within the bake window after the
     * function's last succeeded release, and with {@code live} still on that release's version, {@code live} goes
     * back to that release's from-version; otherwise the alarm is recorded (refused, with why) and emailed, and
     * nothing moves. Once an alarm has been answered for a release, later alarm events about it do nothing more
     * (the earlier entry comes back as a duplicate).
     *
     * @param functionName the function in the alarm's dimensions
     * @param firedAt      when the alarm changed state (the event's time)
     * @param trigger      the alarm's trigger ({@link Trigger#alarm}), its event id making a redelivery a duplicate
     */
    public ReleaseResult respondToAlarm(Environment environment, String functionName, Instant firedAt,
                                        Trigger trigger) {
        DeploymentTarget target = targets.of(environment);
        Ledger ledger = ledger(target);
        LedgerSnapshot snapshot = ledger.snapshot();
        Optional<ReleaseResult> handled = handledBefore(snapshot, trigger);
        if (handled.isPresent()) {
            return handled.get();
        }
        String current = currentVersion(target);
        LedgerEntry release = snapshot.lastSucceededRelease().orElse(null);
        if (release == null) {
            return refuse(target, ledger, trigger, current, "alarm " + trigger.alarm() + " fired at " + firedAt
                    + " but the ledger of " + functionName + " has no succeeded release to roll back; nothing moved");
        }
        var answered = snapshot.alarmResponseTo(release);
        if (answered.isPresent()) {
            return new ReleaseResult(answered.get(), true, null);
        }
        if (!bake.covers(release, firedAt)) {
            return refuse(target, ledger, trigger, current, "alarm " + trigger.alarm() + " fired at " + firedAt
                    + ", outside the bake window of release " + release.id() + " (version " + release.toVersion()
                    + ", " + release.time() + " to " + bake.until(release) + "); nothing moved: roll back by hand "
                    + "if the alarm calls for it");
        }
        if (!release.toVersion().equals(current)) {
            return refuse(target, ledger, trigger, current, "alarm " + trigger.alarm() + " fired at " + firedAt
                    + " within the bake window of version " + release.toVersion() + ", but live is on "
                    + (current == null ? "no version" : "version " + current) + " now; nothing moved");
        }
        if (release.fromVersion() == null) {
            return refuse(target, ledger, trigger, current, "alarm " + trigger.alarm() + " fired at " + firedAt
                    + " within the bake window of version " + current + ", the first release of "
                    + target.functionName() + ": there is no earlier version to go back to; nothing moved");
        }
        return moveBack(target, ledger, snapshot, trigger, current, release.fromVersion());
    }

    private ReleaseResult moveBack(DeploymentTarget target, Ledger ledger, LedgerSnapshot snapshot, Trigger trigger,
                                   String current, String to) {
        var version = "$LATEST".equals(to) ? null : lambda.configuration(target.functionName(), to).orElse(null);
        if (version == null) {
            return refuse(target, ledger, trigger, current, "version " + to + " of " + target.functionName()
                    + " does not exist");
        }
        String model = version.environment().get(ReleaseService.MODEL_VERSION_VARIABLE);
        String id = UUID.randomUUID().toString();
        // Recorded before the alias moves, against the snapshot this rollback decided from: a retried invoke of the
        // same event that arrives while this one runs finds it and answers duplicate, and a release or rollback
        // recorded in between makes this one stop instead of going a step too far.
        try {
            ReleaseService.commit(ledger, snapshot, entry(id, target, trigger, current, to, model,
                    LedgerEntry.Outcome.PENDING, null));
        } catch (ConcurrentReleaseException e) {
            Optional<ReleaseResult> handled = handledBefore(ledger.snapshot(), trigger);
            if (handled.isPresent()) {
                return handled.get();
            }
            return record(ledger, entry(id, target, trigger, current, null, model, LedgerEntry.Outcome.REFUSED,
                    "another release or rollback of " + target.functionName() + " was recorded while this rollback "
                            + "decided; nothing moved: " + e.getMessage()));
        }
        LedgerEntry.Outcome outcome;
        String error = null;
        try {
            lambda.pointAlias(target.functionName(), target.alias(), to, Map.of(), "rolled back from " + current
                    + (trigger.alarm() == null ? "" : " on alarm " + trigger.alarm()));
            outcome = LedgerEntry.Outcome.SUCCEEDED;
        } catch (RuntimeException e) {
            outcome = LedgerEntry.Outcome.FAILED;
            error = "UpdateAlias failed: " + e.getMessage();
        }
        return record(ledger, entry(id, target, trigger, current, outcome == LedgerEntry.Outcome.SUCCEEDED ? to : null,
                model, outcome, error));
    }

    private ReleaseResult refuse(DeploymentTarget target, Ledger ledger, Trigger trigger, String current,
                                 String reason) {
        return record(ledger, entry(UUID.randomUUID().toString(), target, trigger, current, null, null,
                LedgerEntry.Outcome.REFUSED, reason));
    }

    private LedgerEntry entry(String id, DeploymentTarget target, Trigger trigger, String from, String to,
                              String model, LedgerEntry.Outcome outcome, String error) {
        return new LedgerEntry(id, clock.instant(), LedgerEntry.Action.ROLLBACK, target.environment(),
                target.functionName(), trigger, from, to, model, null, outcome, error);
    }

    /** Appends the outcome (concluding the pending entry of the same id, if any) and emails it. */
    private ReleaseResult record(Ledger ledger, LedgerEntry entry) {
        ledger.append(entry);
        try {
            notifier.send(new NotificationComposer(bake).compose(entry, null));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, () -> "could not send the rollback notification: " + e.getMessage());
        }
        return new ReleaseResult(entry, false, null);
    }

    /** The earlier outcome of this trigger's event, answered as a duplicate: an event is acted on at most once. */
    private static Optional<ReleaseResult> handledBefore(LedgerSnapshot snapshot, Trigger trigger) {
        return snapshot.findByEventId(trigger.eventId()).map(entry -> new ReleaseResult(entry, true, null));
    }

    private String currentVersion(DeploymentTarget target) {
        return lambda.alias(target.functionName(), target.alias()).map(LambdaOperations.AliasState::version)
                .orElse(null);
    }

    private Ledger ledger(DeploymentTarget target) {
        return new Ledger(stores.apply(target.modelStore()),
                target.functionName(), mapper);
    }
}
