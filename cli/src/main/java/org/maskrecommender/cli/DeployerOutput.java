package org.maskrecommender.cli;

import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;

import org.maskrecommender.core.ledger.LedgerEntry;
import org.maskrecommender.deployer.release.DeploymentTarget;
import org.maskrecommender.deployer.release.ReleaseResult;
import org.maskrecommender.deployer.release.StatusService;

/** How {@code deploy}, {@code rollback} and {@code status} report: a readable summary, or one JSON object. */
final class DeployerOutput {

    private final CliContext context;

    DeployerOutput(CliContext context) {
        this.context = context;
    }

    /**
     * Prints a release's or rollback's outcome and returns the exit status: 0 when it succeeded, 1 when it
     * failed or was refused (the ledger entry's error goes to stderr as {@code error: …}).
     */
    int result(ReleaseResult result, DeploymentTarget target, boolean json) throws JsonProcessingException {
        LedgerEntry e = result.entry();
        boolean rollback = e.action() == LedgerEntry.Action.ROLLBACK;
        if (json) {
            context.out().println(context.mapper().writeValueAsString(result));
        } else if (result.succeeded()) {
            PrintWriter out = context.out();
            out.printf("%s %s: %s alias %s %s%n", rollback ? "Rolled back" : "Released", e.environment(), e.function(),
                    target.alias(), versions(e.fromVersion(), e.toVersion()));
            out.printf("  model      %s%n", orNone(e.modelVersion()));
            if (result.releaseRecord() != null) {
                out.printf("  record     %s%n", context.blobStore(target.modelStore()).describe(result.releaseRecord()));
            }
            if (e.trigger().tag() != null) {
                out.printf("  tag        %s%n", e.trigger().tag());
            }
            if (e.codeSha256() != null) {
                out.printf("  code       sha256 %s (Lambda CodeSha256)%n", e.codeSha256());
            }
            out.printf("  trigger    %s by %s%n", e.trigger().type().label(), e.trigger().actor());
            out.printf("  ledger     entry %s%n", e.id());
        } else {
            String what = rollback ? "Rollback of " : "Release to ";
            String published = !rollback && e.toVersion() != null
                    ? "; version " + e.toVersion() + " was published but gets no traffic" : "";
            context.out().printf("%s%s %s: alias %s of %s left at %s%s%n", what, e.environment(), e.outcome().json(),
                    target.alias(), e.function(), orNone(e.fromVersion()), published);
        }
        if (result.duplicate()) {
            context.err().println("already handled earlier (ledger entry " + e.id() + "); nothing was done this time");
        }
        if (!result.succeeded()) {
            context.err().println("error: " + e.error());
            return 1;
        }
        return 0;
    }

    /**
     * @param store the environment's store, where the release record lives
     */
    void status(StatusService.Status s, String store, boolean json) throws JsonProcessingException {
        PrintWriter out = context.out();
        if (json) {
            out.println(context.mapper().writeValueAsString(s));
            return;
        }
        if (s.aliasVersion() == null) {
            out.printf("%s: %s has no alias %s (nothing released yet)%n", s.environment(), s.function(), s.alias());
        } else {
            out.printf("%s: %s alias %s → version %s%n", s.environment(), s.function(), s.alias(), s.aliasVersion());
            out.printf("  routing    %s%n", routing(s.routing(), s.aliasVersion()));
            out.printf("  model      %s%n", orNone(s.modelVersion()));
            out.printf("  record     %s%n", s.releaseRecord() == null ? "none"
                    : context.blobStore(store).describe(s.releaseRecord()));
        }
        if (s.lastEntries().isEmpty()) {
            out.println("No deployment ledger entries yet.");
            return;
        }
        out.printf("Last %d ledger entries, oldest first:%n", s.lastEntries().size());
        for (LedgerEntry e : s.lastEntries()) {
            out.println("  " + line(e));
        }
    }

    /** One ledger entry on one line: time, action, outcome, versions, model, trigger, error. */
    static String line(LedgerEntry e) {
        StringBuilder s = new StringBuilder();
        s.append(e.time() == null ? "-" : e.time().truncatedTo(ChronoUnit.SECONDS)).append("  ")
                .append(String.format(Locale.ROOT, "%-8s  %-9s  ", e.action() == null ? "-" : e.action().json(),
                        e.outcome() == null ? "-" : e.outcome().json()))
                .append(versions(e.fromVersion(), e.toVersion()))
                .append("  model ").append(orNone(e.modelVersion()));
        if (e.trigger() != null) {
            s.append("  ").append(e.trigger().type() == null ? "-" : e.trigger().type().label());
            if (e.trigger().tag() != null) {
                s.append(' ').append(e.trigger().tag());
            }
            if (e.trigger().actor() != null) {
                s.append(" by ").append(e.trigger().actor());
            }
        }
        if (e.error() != null) {
            s.append("  error: ").append(e.error().replace('\n', ' '));
        }
        return s.toString();
    }

    private static String routing(Map<String, Double> routing, String main) {
        if (routing == null || routing.isEmpty()) {
            return "all traffic to version " + main;
        }
        StringBuilder s = new StringBuilder();
        double rest = 1;
        for (Map.Entry<String, Double> r : new TreeMap<>(routing).entrySet()) {
            s.append(String.format(Locale.ROOT, "version %s %.1f%%, ", r.getKey(), r.getValue() * 100));
            rest -= r.getValue();
        }
        return s.append(String.format(Locale.ROOT, "version %s %.1f%%", main, rest * 100)).toString();
    }

    static String versions(String from, String to) {
        return orNone(from) + " → " + orNone(to);
    }

    private static String orNone(String s) {
        return s == null ? "none" : s;
    }
}
