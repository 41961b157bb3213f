package org.maskrecommender.training.gate;

import java.util.Locale;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.core.notify.Notification;
import org.maskrecommender.training.evaluation.EvaluationReport;
import org.maskrecommender.training.evaluation.SubgroupReport;

/** The email sent when a retrained version is kept but not promoted: the gate's reason and both models' numbers. */
public final class NotPromotedNotification {

    private NotPromotedNotification() {
    }

    /**
     * @param cardLocation where the version's model card is (a path or an {@code s3://} URI), with the charts
     *                     behind these numbers
     */
    public static Notification compose(Environment environment, Trigger.Type trigger, String version,
                                       GateDecision gate, String cardLocation) {
        EvaluationReport mine = gate.candidate();
        EvaluationReport theirs = gate.deployed();
        String subject = "[mask-recommender] " + environment + " retrained, not promoted: " + version;
        StringBuilder body = new StringBuilder();
        body.append("Model ").append(version).append(" was trained (").append(trigger.json())
                .append(") and kept, but latest.json was not moved.\n\n").append(gate.reason()).append("\n\n");
        body.append(String.format(Locale.ROOT, "Compared on the frozen evaluation set: %d users, %d fit tests "
                + "(neither model trained on them).%n%n", mine.users(), mine.rows()));
        body.append(String.format(Locale.ROOT, "%-32s %12s %12s%n", "evaluation set",
                "new", gate.comparedTo() == null ? "deployed" : gate.comparedTo()));
        body.append(row("ROC AUC", mine.rocAuc(), theirs == null ? Double.NaN : theirs.rocAuc()));
        body.append(row("PR AUC", mine.prAuc(), theirs == null ? Double.NaN : theirs.prAuc()));
        body.append(row("log loss", mine.logLoss(), theirs == null ? Double.NaN : theirs.logLoss()));
        body.append(row("Brier", mine.brier(), theirs == null ? Double.NaN : theirs.brier()));
        body.append(row("expected calibration error", mine.expectedCalibrationError(),
                theirs == null ? Double.NaN : theirs.expectedCalibrationError()));
        if (gate.candidateSubgroups() != null && !gate.candidateSubgroups().isEmpty()) {
            body.append(String.format(Locale.ROOT, "%nROC AUC by subgroup (compared from %d rows)%n",
                    gate.settings().subgroupMinRows()));
            gate.candidateSubgroups().forEach((name, g) -> {
                SubgroupReport d = gate.deployedSubgroups() == null ? null : gate.deployedSubgroups().get(name);
                body.append(String.format(Locale.ROOT, "%-26s %5d rows %12.4f %12.4f%n", name, g.rows(), g.rocAuc(),
                        d == null ? Double.NaN : d.rocAuc()));
            });
        }
        if (gate.probes() != null) {
            body.append(String.format(Locale.ROOT, "%nProbes (%s)%n", gate.probes().version()));
            gate.probes().results().forEach(r -> body.append(String.format(Locale.ROOT, "%-40s %s%n", r.name(),
                    r.status())));
        }
        body.append("\nModel card (charts, subgroups, size curves): ").append(cardLocation)
                .append("\n  (./mask-recommender card --version ").append(version).append(" --environment ")
                .append(environment.id()).append(" --out card.html downloads it)\n");
        body.append("\nTo promote it anyway, retrain with force (recorded in the manifest).\n");
        return new Notification(subject, body.toString());
    }

    private static String row(String name, double mine, double theirs) {
        return String.format(Locale.ROOT, "%-32s %12.4f %12.4f%n", name, mine, theirs);
    }
}
