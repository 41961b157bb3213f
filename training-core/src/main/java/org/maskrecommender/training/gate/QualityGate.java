package org.maskrecommender.training.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.features.FeatureEncoder;
import org.maskrecommender.core.probes.ProbeReport;
import org.maskrecommender.core.probes.ProbeResult;
import org.maskrecommender.core.scoring.OnnxScorer;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.VerifiedModel;
import org.maskrecommender.training.evaluation.EvaluationReport;
import org.maskrecommender.training.evaluation.Metrics;
import org.maskrecommender.training.evaluation.SubgroupReport;
import org.maskrecommender.training.evaluation.Subgroups;

/**
 * Decides whether a retrained model replaces the deployed one. Both are scored on the frozen evaluation set
 * (rows neither has trained on — the deployed model through its own manifest's encoder, exactly as serving runs
 * it). The new one is promoted only if every check holds:
 * <ul>
 *   <li>{@code floor}: its ROC AUC is at least the floor, deployed model or not;</li>
 *   <li>{@code calibration}: its calibration error is within the bound;</li>
 *   <li>{@code roc_auc}: its ROC AUC is not worse than the deployed model's by more than the tolerance;</li>
 *   <li>{@code subgroup:<name>}: on every subgroup with enough rows, neither is its ROC AUC;</li>
 *   <li>{@code probe:<name>}: it passes every probe ({@link org.maskrecommender.core.probes.Probes}).</li>
 * </ul>
 * {@code force} overrides (recorded).
 */
public final class QualityGate {

    private final GateSettings settings;

    public QualityGate(GateSettings settings) {
        this.settings = settings;
    }

    /**
     * What the gate knows of the new model.
     *
     * @param report    on the evaluation set
     * @param subgroups per subgroup of the evaluation set
     * @param probes    its probe results
     */
    public record Evidence(EvaluationReport report, Map<String, SubgroupReport> subgroups, ProbeReport probes) {
    }

    /**
     * @param candidate       the new model's evidence
     * @param evaluationRows  the evaluation-set rows its report was computed on
     * @param subgroups       the subgroup definitions of the new model (its families' training counts)
     * @param store           the environment's store, to load the deployed model
     * @param deployedVersion the deployed model version, null when nothing is deployed
     * @param force           promote whatever the verdict
     */
    public GateDecision decide(Evidence candidate, List<FitTest> evaluationRows, Subgroups subgroups,
                               ModelStore store, String deployedVersion, boolean force) {
        EvaluationReport deployed = null;
        Map<String, SubgroupReport> deployedSubgroups = null;
        List<Check> failed = new ArrayList<>();
        if (deployedVersion != null) {
            try {
                // the manifest as stored: serving refuses an edited one, the gate only compares with it
                double[] p = score(store.load(store.refOf(deployedVersion)), evaluationRows);
                deployed = Metrics.evaluate(evaluationRows, p);
                deployedSubgroups = subgroups.evaluate(evaluationRows, p);
            } catch (RuntimeException e) {
                // Fail closed: a store blip must not wave a model through; force is the way past a broken one.
                failed.add(new Check("deployed_unscorable", "the deployed model " + deployedVersion
                        + " could not be scored for comparison (" + e.getMessage() + ")"));
            }
        }
        failed.addAll(judge(settings, candidate, deployed, deployedSubgroups));
        boolean passed = failed.isEmpty();
        String verdict = passed ? passedVerdict(candidate.report(), deployed)
                : String.join("; ", failed.stream().map(Check::message).toList());
        String reason = (passed ? "promoted: " : force ? "forced despite: " : "not promoted: ") + verdict;
        return new GateDecision(passed || force, force && !passed, reason,
                failed.stream().map(Check::name).toList(), deployedVersion, settings, candidate.report(), deployed,
                candidate.subgroups(), deployedSubgroups, candidate.probes());
    }

    /** A failed check: its name ({@code floor}, {@code subgroup:bearded}, …) and what it found. */
    record Check(String name, String message) {
    }

    /** Every check the new model fails, given the deployed model's numbers on the same rows (null: none). */
    static List<Check> judge(GateSettings s, Evidence candidate, EvaluationReport deployed,
                             Map<String, SubgroupReport> deployedSubgroups) {
        List<Check> failed = new ArrayList<>();
        EvaluationReport mine = candidate.report();
        if (!(mine.rocAuc() >= s.minRocAuc())) {
            failed.add(new Check("floor", String.format(Locale.ROOT, "evaluation-set ROC AUC %.4f is below the "
                    + "floor %.4f (GATE_MIN_ROC_AUC)", mine.rocAuc(), s.minRocAuc())));
        }
        if (!(mine.expectedCalibrationError() <= s.maxCalibrationError())) {
            failed.add(new Check("calibration", String.format(Locale.ROOT, "calibration error %.4f exceeds the "
                    + "bound %.4f", mine.expectedCalibrationError(), s.maxCalibrationError())));
        }
        if (deployed != null && mine.rocAuc() < deployed.rocAuc() - s.rocAucTolerance()) {
            failed.add(new Check("roc_auc", String.format(Locale.ROOT, "evaluation-set ROC AUC %.4f is worse than "
                    + "the deployed model's %.4f by more than %.4f", mine.rocAuc(), deployed.rocAuc(),
                    s.rocAucTolerance())));
        }
        if (deployedSubgroups != null) {
            candidate.subgroups().forEach((name, group) -> {
                SubgroupReport theirs = deployedSubgroups.get(name);
                if (theirs != null && group.rows() >= s.subgroupMinRows() && !Double.isNaN(theirs.rocAuc())
                        && !(group.rocAuc() >= theirs.rocAuc() - s.subgroupRocAucTolerance())) {
                    failed.add(new Check("subgroup:" + name, String.format(Locale.ROOT, "subgroup %s: ROC AUC %.4f "
                            + "is worse than the deployed model's %.4f by more than %.4f (%d rows)", name,
                            group.rocAuc(), theirs.rocAuc(), s.subgroupRocAucTolerance(), group.rows())));
                }
            });
        }
        for (ProbeResult probe : candidate.probes().failures()) {
            failed.add(new Check("probe:" + probe.name(), "probe " + probe.name() + " (" + candidate.probes().version()
                    + ") failed: " + probe.detail()));
        }
        return failed;
    }

    private String passedVerdict(EvaluationReport mine, EvaluationReport deployed) {
        String checks = String.format(Locale.ROOT, "calibration error %.4f within %.4f, ROC AUC %.4f above the floor "
                + "%.4f, probes passed", mine.expectedCalibrationError(), settings.maxCalibrationError(),
                mine.rocAuc(), settings.minRocAuc());
        if (deployed == null) {
            return checks + "; no deployed model to compare with";
        }
        return String.format(Locale.ROOT, "evaluation-set ROC AUC %.4f vs deployed %.4f (tolerance %.4f), subgroups "
                + "within %.4f, ", mine.rocAuc(), deployed.rocAuc(), settings.rocAucTolerance(),
                settings.subgroupRocAucTolerance()) + checks;
    }

    private static double[] score(VerifiedModel model, List<FitTest> rows) {
        FeatureEncoder encoder = new FeatureEncoder(model.manifest().encoding());
        try (OnnxScorer scorer = new OnnxScorer(model.modelOnnx(), model.manifest().onnx())) {
            float[] p = scorer.score(encoder, rows);
            double[] probabilities = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                probabilities[i] = p[i];
            }
            return probabilities;
        }
    }
}
