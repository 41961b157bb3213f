package org.maskrecommender.training.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.maskrecommender.core.probes.ProbeReport;
import org.maskrecommender.core.probes.ProbeResult;
import org.maskrecommender.training.evaluation.EvaluationReport;
import org.maskrecommender.training.evaluation.SubgroupReport;

/** The gate's rules on made-up numbers: which checks fail, and that each failure is named. */
class QualityGateTest {

    private static final GateSettings SETTINGS = GateSettings.DEFAULT;
    private static final ProbeReport PROBES_PASS = new ProbeReport("probes-v1",
            List.of(new ProbeResult("beard_never_raises_fit", "passed", "ok")));

    private static EvaluationReport report(double auc, double ece) {
        return new EvaluationReport(1000, 150, 300, auc, 0.7, 0.4, 0.13, ece, List.of(), 0.8, 0.95, 120);
    }

    private static SubgroupReport group(int rows, double auc) {
        return new SubgroupReport(rows, rows / 8, rows / 3, auc, 0.4, 0.03);
    }

    private static List<String> failed(QualityGate.Evidence candidate, EvaluationReport deployed,
                                       Map<String, SubgroupReport> deployedGroups) {
        return QualityGate.judge(SETTINGS, candidate, deployed, deployedGroups).stream()
                .map(QualityGate.Check::name).toList();
    }

    @Test
    void aSubgroupWorseBeyondTheToleranceIsNamed() {
        var candidate = new QualityGate.Evidence(report(0.88, 0.02),
                Map.of("child_sized_face", group(250, 0.80), "bearded", group(300, 0.89)), PROBES_PASS);
        var deployedGroups = Map.of("child_sized_face", group(250, 0.86), "bearded", group(300, 0.90));
        List<QualityGate.Check> checks = QualityGate.judge(SETTINGS, candidate, report(0.88, 0.02), deployedGroups);
        assertThat(checks).extracting(QualityGate.Check::name).containsExactly("subgroup:child_sized_face");
        assertThat(checks.get(0).message()).contains("child_sized_face").contains("0.8000").contains("0.8600")
                .contains("250 rows");
    }

    @Test
    void aSubgroupWithTooFewRowsIsReportedButNotCompared() {
        var candidate = new QualityGate.Evidence(report(0.88, 0.02),
                Map.of("sparse_family", group(SETTINGS.subgroupMinRows() - 1, 0.60)), PROBES_PASS);
        assertThat(failed(candidate, report(0.88, 0.02), Map.of("sparse_family", group(199, 0.85)))).isEmpty();
    }

    @Test
    void theFloorHoldsWithNothingDeployedAndWhenBothModelsAreEquallyBad() {
        var bad = new QualityGate.Evidence(report(0.48, 0.02), Map.of(), PROBES_PASS);
        assertThat(failed(bad, null, null)).containsExactly("floor");
        assertThat(failed(bad, report(0.485, 0.02), Map.of())).containsExactly("floor");
        var undefined = new QualityGate.Evidence(report(Double.NaN, 0.02), Map.of(), PROBES_PASS);
        assertThat(failed(undefined, null, null)).containsExactly("floor");
    }

    @Test
    void aFailedProbeIsNamed() {
        var candidate = new QualityGate.Evidence(report(0.88, 0.02), Map.of(), new ProbeReport("probes-v1", List.of(
                new ProbeResult("larger_face_prefers_larger_size", "failed", "style Cup: falls"),
                new ProbeResult("beard_never_raises_fit", "skipped", "no masks"))));
        List<QualityGate.Check> checks = QualityGate.judge(SETTINGS, candidate, null, null);
        assertThat(checks).extracting(QualityGate.Check::name).containsExactly("probe:larger_face_prefers_larger_size");
        assertThat(checks.get(0).message()).contains("probes-v1").contains("style Cup: falls");
    }

    @Test
    void aGoodModelPassesEveryCheck() {
        var candidate = new QualityGate.Evidence(report(0.88, 0.02), Map.of("bearded", group(300, 0.875)),
                PROBES_PASS);
        assertThat(failed(candidate, report(0.885, 0.02), Map.of("bearded", group(300, 0.89)))).isEmpty();
    }
}
