package org.maskrecommender.deployer.notify;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import org.maskrecommender.core.ledger.LedgerEntry;

import org.maskrecommender.core.notify.Notification;
import org.maskrecommender.deployer.alarm.BakeWatch;

/**
 * Writes the email for a ledger entry: what happened, why, from → to, the model's headline metrics, and for a
 * succeeded release which alarms watch it and until when they roll it back.
 */
public final class NotificationComposer {

    private final BakeWatch bake;

    public NotificationComposer(BakeWatch bake) {
        this.bake = bake;
    }

    /**
     * @param entry   the release or rollback as recorded
     * @param metrics the released model's manifest metrics block, or null when unknown
     */
    public Notification compose(LedgerEntry entry, JsonNode metrics) {
        return compose(entry, metrics, null);
    }

    /**
     * @param metrics      the released model's manifest metrics block, or null when unknown
     * @param cardLocation where the released model's card is (a path or an {@code s3://} URI), or null when it has
     *                     none (published before cards) or is unknown
     */
    public Notification compose(LedgerEntry entry, JsonNode metrics, String cardLocation) {
        String action = entry.action() == LedgerEntry.Action.ROLLBACK ? "rollback" : "release";
        String outcome = entry.outcome().json();
        String subject = String.format(Locale.ROOT, "[mask-recommender] %s %s %s: %s → %s (%s)",
                entry.environment(), action, outcome, orNone(entry.fromVersion()), orNone(entry.toVersion()),
                entry.trigger().type().label());
        StringBuilder body = new StringBuilder();
        line(body, "Outcome", outcome.toUpperCase(Locale.ROOT));
        line(body, "Trigger", entry.trigger().type().label()
                + (entry.trigger().alarm() == null ? "" : " " + entry.trigger().alarm()));
        line(body, "Environment", entry.environment().id());
        line(body, "Function", entry.function());
        line(body, "Lambda version", orNone(entry.fromVersion()) + " → " + orNone(entry.toVersion()));
        line(body, "Model version", orNone(entry.modelVersion()));
        if (metrics != null && metrics.isObject()) {
            line(body, "Model metrics", String.format(Locale.ROOT,
                    "held-out ROC AUC %.3f, PR AUC %.3f, log loss %.3f, ECE %.3f",
                    metrics.path("roc_auc").asDouble(Double.NaN), metrics.path("pr_auc").asDouble(Double.NaN),
                    metrics.path("log_loss").asDouble(Double.NaN),
                    metrics.path("expected_calibration_error").asDouble(Double.NaN)));
        }
        if (cardLocation != null) {
            line(body, "Model card", cardLocation);
        }
        if (entry.trigger().tag() != null) {
            line(body, "Tag", entry.trigger().tag());
        }
        if (entry.trigger().gitSha() != null) {
            line(body, "Commit", entry.trigger().gitSha());
        }
        if (entry.trigger().runUrl() != null) {
            line(body, "Workflow run", entry.trigger().runUrl());
        }
        if (entry.codeSha256() != null) {
            line(body, "Code sha256", entry.codeSha256());
        }
        line(body, "Triggered by", orNone(entry.trigger().actor())
                + (entry.trigger().eventId() == null ? "" : " (event " + entry.trigger().eventId() + ")"));
        line(body, "Ledger entry", entry.id() + " at " + entry.time());
        bake.of(entry).ifPresent(watch -> line(body, "Watched by", (watch.alarms().isEmpty() ? "no alarm named"
                : String.join(", ", watch.alarms())) + "; an alarm until " + watch.until() + " rolls it back"));
        if (entry.error() != null) {
            body.append("\nError:\n").append(entry.error()).append('\n');
        }
        return new Notification(subject, body.toString());
    }

    private static void line(StringBuilder body, String label, String value) {
        body.append(String.format(Locale.ROOT, "%-15s %s%n", label + ":", value));
    }

    private static String orNone(String s) {
        return s == null ? "none" : s;
    }
}
