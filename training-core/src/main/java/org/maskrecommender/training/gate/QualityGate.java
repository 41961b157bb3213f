package org.maskrecommender.training.gate;

import java.util.List;
import java.util.Locale;

import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.features.FeatureEncoder;
import org.maskrecommender.core.scoring.OnnxScorer;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.VerifiedModel;
import org.maskrecommender.training.evaluation.EvaluationReport;
import org.maskrecommender.training.evaluation.Metrics;

/**
 * Decides whether a retrained model replaces the deployed one: both are scored on the new model's
 * held-out users (rows neither has trained on — the deployed model through its own manifest's
 * encoder, exactly as serving runs it), and the new one is promoted only if its ROC AUC is not worse
 * by more than the tolerance and its calibration error is within the bound. {@code force} overrides.
 */
public final class QualityGate {

    private final GateSettings settings;

    public QualityGate(GateSettings settings) {
        this.settings = settings;
    }

    /**
     * @param candidate       the new model's held-out report
     * @param heldOut         the held-out rows it was computed on
     * @param store           the environment's store, to load the deployed model
     * @param deployedVersion the deployed model version, null when nothing is deployed
     * @param force           promote whatever the verdict
     */
    public GateDecision decide(EvaluationReport candidate, List<FitTest> heldOut, ModelStore store,
                               String deployedVersion, boolean force) {
        EvaluationReport deployed = null;
        String unscorable = null;
        if (deployedVersion != null) {
            try {
                // the manifest as stored: serving refuses an edited one, the gate only compares with it
                deployed = score(store.load(store.refOf(deployedVersion)), heldOut);
            } catch (RuntimeException e) {
                // Fail closed: a store blip must not wave a model through; force is the way past a broken one.
                unscorable = e.getMessage();
            }
        }
        boolean calibrated = candidate.expectedCalibrationError() <= settings.maxCalibrationError();
        boolean goodEnough = unscorable == null && (deployed == null
                || candidate.rocAuc() >= deployed.rocAuc() - settings.rocAucTolerance());
        String verdict;
        if (unscorable != null) {
            verdict = "the deployed model " + deployedVersion + " could not be scored for comparison (" + unscorable + ")";
        } else if (!calibrated) {
            verdict = String.format(Locale.ROOT, "calibration error %.4f exceeds the bound %.4f",
                    candidate.expectedCalibrationError(), settings.maxCalibrationError());
        } else if (!goodEnough) {
            verdict = String.format(Locale.ROOT, "held-out ROC AUC %.4f is worse than the deployed model's %.4f by more "
                    + "than %.4f", candidate.rocAuc(), deployed.rocAuc(), settings.rocAucTolerance());
        } else if (deployed == null) {
            verdict = String.format(Locale.ROOT, "calibration error %.4f within %.4f; no deployed model to compare with",
                    candidate.expectedCalibrationError(), settings.maxCalibrationError());
        } else {
            verdict = String.format(Locale.ROOT, "held-out ROC AUC %.4f vs deployed %.4f (tolerance %.4f), calibration "
                    + "error %.4f within %.4f", candidate.rocAuc(), deployed.rocAuc(), settings.rocAucTolerance(),
                    candidate.expectedCalibrationError(), settings.maxCalibrationError());
        }
        boolean passed = calibrated && goodEnough;
        String reason = (passed ? "promoted: " : force ? "forced despite: " : "not promoted: ") + verdict;
        return new GateDecision(passed || force, force && !passed, reason, deployedVersion, settings, candidate,
                deployed);
    }

    private static EvaluationReport score(VerifiedModel model, List<FitTest> rows) {
        FeatureEncoder encoder = new FeatureEncoder(model.manifest().encoding());
        try (OnnxScorer scorer = new OnnxScorer(model.modelOnnx(), model.manifest().onnx())) {
            float[] p = scorer.positiveProbabilities(encoder.encodeAll(rows), rows.size());
            double[] probabilities = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                probabilities[i] = p[i];
            }
            return Metrics.evaluate(rows, probabilities);
        }
    }
}
