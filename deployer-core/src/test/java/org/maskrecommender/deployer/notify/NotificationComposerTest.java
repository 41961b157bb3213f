package org.maskrecommender.deployer.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.LedgerEntry;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.core.notify.Notification;
import org.maskrecommender.deployer.alarm.BakeWatch;

class NotificationComposerTest {

    private static final Instant TIME = Instant.parse("2026-11-27T13:05:00Z");
    private static final String MODEL = "20261127T125512Z-5d0c3f1a";

    private final NotificationComposer composer = new NotificationComposer(new BakeWatch(Duration.ofMinutes(45),
            Map.of(Environment.PRODUCTION, List.of("inference-production-errors", "inference-production-p99"))));

    private static LedgerEntry entry(LedgerEntry.Action action, Environment environment, Trigger trigger, String from,
                                     String to, String codeSha256, LedgerEntry.Outcome outcome, String error) {
        return new LedgerEntry("entry-1", TIME, action, environment, "mask-recommender-inference", trigger, from, to,
                MODEL, codeSha256, outcome, error);
    }

    @Test
    void aSuccessfulTagReleaseNamesEverythingAndTheModelsHeadlineMetrics() {
        Trigger trigger = new Trigger(Trigger.Type.TAG, "delivery-42", "octocat", "production-recommender-v1.2.3",
                "0123abc", "https://github.example/run/9");
        ObjectNode metrics = new ObjectMapper().createObjectNode().put("roc_auc", 0.88041).put("pr_auc", 0.8064)
                .put("log_loss", 0.39312).put("brier", 0.127).put("expected_calibration_error", 0.02619);

        Notification n = composer.compose(entry(LedgerEntry.Action.RELEASE, Environment.PRODUCTION, trigger, "3", "4",
                "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", LedgerEntry.Outcome.SUCCEEDED, null), metrics);

        assertThat(n.subject()).isEqualTo("[mask-recommender] production release succeeded: 3 → 4 (Version Tag)");
        List<String> lines = n.body().lines().toList();
        assertThat(lines).containsExactly(
                "Outcome:        SUCCEEDED",
                "Trigger:        Version Tag",
                "Environment:    production",
                "Function:       mask-recommender-inference",
                "Lambda version: 3 → 4",
                "Model version:  " + MODEL,
                "Model metrics:  held-out ROC AUC 0.880, PR AUC 0.806, log loss 0.393, ECE 0.026",
                "Tag:            production-recommender-v1.2.3",
                "Commit:         0123abc",
                "Workflow run:   https://github.example/run/9",
                "Code sha256:    47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
                "Triggered by:   octocat (event delivery-42)",
                "Ledger entry:   entry-1 at 2026-11-27T13:05:00Z",
                "Watched by:     inference-production-errors, inference-production-p99; an alarm until "
                        + "2026-11-27T13:50:00Z rolls it back");
        assertThat(n.body()).doesNotContain("Error");
    }

    @Test
    void aReleaseNamesTheModelCardWhenTheModelHasOne() {
        Trigger trigger = new Trigger(Trigger.Type.SCHEDULE, "event-7", "training", null, null, null);
        String card = "s3://bucket/staging/models/" + MODEL + "/model-card.html";

        Notification n = composer.compose(entry(LedgerEntry.Action.RELEASE, Environment.STAGING, trigger, "3", "4",
                null, LedgerEntry.Outcome.SUCCEEDED, null), null, card);
        Notification without = composer.compose(entry(LedgerEntry.Action.RELEASE, Environment.STAGING, trigger, "3",
                "4", null, LedgerEntry.Outcome.SUCCEEDED, null), null, null);

        assertThat(n.body().lines()).contains("Model card:     " + card);
        assertThat(without.body()).doesNotContain("Model card");
    }

    @Test
    void aFailedReleaseSaysSoInTheSubjectAndCarriesTheErrorInTheBody() {
        Trigger trigger = new Trigger(Trigger.Type.SCHEDULE, "event-7", "eventbridge", null, null, null);
        String error = "smoke test of mask-recommender-inference-staging:5 failed (Unhandled): {\"errorMessage\": \"boom\"}";

        Notification n = composer.compose(entry(LedgerEntry.Action.RELEASE, Environment.STAGING, trigger, "4", null, null,
                LedgerEntry.Outcome.FAILED, error), null);

        assertThat(n.subject()).isEqualTo("[mask-recommender] staging release failed: 4 → none (Weekly Auto-Retrain)");
        assertThat(n.body()).contains("Outcome:        FAILED\n").contains("Lambda version: 4 → none\n")
                .contains("Triggered by:   eventbridge (event event-7)\n")
                .endsWith("\nError:\n" + error + "\n");
        // no metrics known, no tag, commit or code: those lines are left out rather than printed empty; a failed
        // release put nothing live, so nothing watches it
        assertThat(n.body()).doesNotContain("Watched by").doesNotContain("Model metrics").doesNotContain("Tag:").doesNotContain("Commit:")
                .doesNotContain("Code sha256");
    }

    @Test
    void aRefusedRollbackIsARollbackWithTheReason() {
        Trigger trigger = new Trigger(Trigger.Type.MANUAL, null, "alice", null, null, null);

        Notification n = composer.compose(entry(LedgerEntry.Action.ROLLBACK, Environment.STAGING, trigger, "2", null, null,
                LedgerEntry.Outcome.REFUSED, "version 9 of mask-recommender-inference does not exist"), null);

        assertThat(n.subject()).isEqualTo("[mask-recommender] staging rollback refused: 2 → none (Manual)");
        assertThat(n.body()).contains("Outcome:        REFUSED\n").contains("Triggered by:   alice\n")
                .contains("Error:\nversion 9 of mask-recommender-inference does not exist\n");
    }

    @Test
    void anAlarmRollbackNamesTheAlarm() {
        Notification n = composer.compose(entry(LedgerEntry.Action.ROLLBACK, Environment.PRODUCTION,
                Trigger.alarm("inference-production-errors", "event-9"), "4", "3", null,
                LedgerEntry.Outcome.SUCCEEDED, null), null);

        assertThat(n.subject()).isEqualTo("[mask-recommender] production rollback succeeded: 4 → 3 (Alarm)");
        assertThat(n.body()).contains("Trigger:        Alarm inference-production-errors\n")
                .contains("Triggered by:   eventbridge (event event-9)\n").doesNotContain("Watched by");
    }
}
