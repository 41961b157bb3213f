package org.maskrecommender.deployer.release;

import java.time.Clock;
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
import org.maskrecommender.deployer.notify.NotificationComposer;

/**
 * Moves alias {@code live} back in one UpdateAlias call: to the named version, or to where {@code live} was
 * before the release that put it on its current version ({@link org.maskrecommender.core.ledger.LedgerSnapshot#rollbackTarget}),
 * so rolling back again goes one release further back. Versions that do not exist are refused before anything
 * moves.
 */
public final class RollbackService {

    private static final System.Logger LOG = System.getLogger(RollbackService.class.getName());

    private final DeploymentTargets targets;
    private final Function<String, BlobStore> stores;
    private final LambdaOperations lambda;
    private final Notifier notifier;
    private final ObjectMapper mapper;
    private final Clock clock;

    public RollbackService(DeploymentTargets targets, Function<String, BlobStore> stores,
                           LambdaOperations lambda, Notifier notifier, ObjectMapper mapper, Clock clock) {
        this.targets = targets;
        this.stores = stores;
        this.lambda = lambda;
        this.notifier = notifier;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * @param environment the environment
     * @param toVersion   the Lambda version to go back to; null = where the current one's release came from
     * @param trigger     who asked
     */
    public ReleaseResult rollback(Environment environment, String toVersion, Trigger trigger) {
        DeploymentTarget target = targets.of(environment);
        Ledger ledger = new Ledger(stores.apply(target.modelStore()), target.functionName(), mapper);
        LedgerSnapshot snapshot = ledger.snapshot();
        if (trigger.eventId() != null) {
            // A retried rollback without a version would otherwise go back one more step.
            var earlier = snapshot.findByEventId(trigger.eventId());
            if (earlier.isPresent()) {
                return new ReleaseResult(earlier.get(), true, null);
            }
        }
        String id = UUID.randomUUID().toString();
        String current = lambda.alias(target.functionName(), target.alias()).map(LambdaOperations.AliasState::version)
                .orElse(null);
        String target0 = toVersion;
        LedgerEntry.Outcome outcome;
        String error = null;
        String model = null;
        if (current == null) {
            outcome = LedgerEntry.Outcome.REFUSED;
            error = "alias " + target.alias() + " of " + target.functionName() + " does not exist: nothing to roll back";
        } else {
            if (target0 == null) {
                target0 = snapshot.rollbackTarget(current).orElse(null);
            }
            var version = target0 == null ? null : lambda.configuration(target.functionName(), target0).orElse(null);
            if (target0 == null) {
                outcome = LedgerEntry.Outcome.REFUSED;
                error = "no succeeded release in the ledger put " + target.functionName() + " on version " + current
                        + " from an earlier one, so there is nowhere to go back to; name the version (to_version)";
            } else if (version == null || "$LATEST".equals(target0)) {
                outcome = LedgerEntry.Outcome.REFUSED;
                error = "version " + target0 + " of " + target.functionName() + " does not exist";
            } else {
                model = version.environment().get(ReleaseService.MODEL_VERSION_VARIABLE);
                // Recorded before the alias moves, against the snapshot this rollback decided from: a retried
                // invoke of the same event that arrives while this one runs finds it and answers duplicate, and a
                // release or rollback recorded in between makes this one stop instead of going a step too far.
                LedgerEntry pending = entry(id, environment, target, trigger, current, target0, model,
                        LedgerEntry.Outcome.PENDING, null);
                try {
                    ReleaseService.commit(ledger, snapshot, pending);
                } catch (ConcurrentReleaseException e) {
                    var earlier = trigger.eventId() == null ? Optional.<LedgerEntry>empty()
                            : ledger.snapshot().findByEventId(trigger.eventId());
                    if (earlier.isPresent()) {
                        return new ReleaseResult(earlier.get(), true, null);
                    }
                    return conclude(ledger, entry(id, environment, target, trigger, current, null, model,
                            LedgerEntry.Outcome.REFUSED, "another release or rollback of " + target.functionName()
                                    + " was recorded while this rollback decided; nothing moved: " + e.getMessage()));
                }
                try {
                    lambda.pointAlias(target.functionName(), target.alias(), target0, Map.of(),
                            "rolled back from " + current);
                    outcome = LedgerEntry.Outcome.SUCCEEDED;
                } catch (RuntimeException e) {
                    outcome = LedgerEntry.Outcome.FAILED;
                    error = "UpdateAlias failed: " + e.getMessage();
                }
            }
        }
        return conclude(ledger, entry(id, environment, target, trigger, current,
                outcome == LedgerEntry.Outcome.SUCCEEDED ? target0 : null, model, outcome, error));
    }

    private LedgerEntry entry(String id, Environment environment, DeploymentTarget target, Trigger trigger,
                              String from, String to, String model, LedgerEntry.Outcome outcome, String error) {
        return new LedgerEntry(id, clock.instant(), LedgerEntry.Action.ROLLBACK, environment, target.functionName(),
                trigger, from, to, model, null, outcome, error);
    }

    /** Appends the outcome (concluding the pending entry of the same id, if any) and emails it. */
    private ReleaseResult conclude(Ledger ledger, LedgerEntry entry) {
        ledger.append(entry);
        try {
            notifier.send(new NotificationComposer().compose(entry, null));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, () -> "could not send the rollback notification: " + e.getMessage());
        }
        return new ReleaseResult(entry, false, null);
    }
}
