package org.maskrecommender.training.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.probes.ProbeReport;
import org.maskrecommender.core.probes.ProbeScorer;
import org.maskrecommender.core.scoring.OnnxScorer;
import org.maskrecommender.core.store.ReferencePrediction;
import org.maskrecommender.training.card.ModelCard;
import org.maskrecommender.training.card.SizeCurveReport;
import org.maskrecommender.training.evaluation.Curves;
import org.maskrecommender.training.evaluation.EvaluationReport;
import org.maskrecommender.training.evaluation.EvaluationSetSummary;
import org.maskrecommender.training.evaluation.SubgroupReport;
import org.maskrecommender.training.evaluation.Subgroups;
import org.maskrecommender.training.export.ExportedModel;
import org.maskrecommender.training.export.ParityCheck;
import org.maskrecommender.training.model.CandidateSelection;
import org.maskrecommender.training.model.FittedModel;

/** The free-form blocks of a manifest that describe how a version was chosen, trained and checked. */
public final class ManifestBlocks {

    /** Training rows whose probabilities the manifest keeps for serving's self-check. */
    private static final int REFERENCE_ROWS = 32;

    private final ObjectMapper mapper;

    public ManifestBlocks(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * {@code metrics}: the headline numbers are the published model on the frozen evaluation set (users it never
     * saw; {@code held_out} is their full report, {@code evaluation_set} their counts); cross-validation says how
     * the candidates compared; {@code subgroups} and {@code probes} are what a single AUC hides.
     */
    public ObjectNode metrics(EvaluationReport heldOut, EvaluationSetSummary evaluationSet,
                              Map<String, SubgroupReport> subgroups, ProbeReport probes,
                              List<CandidateSelection.Score> scores, CandidateSelection.Score best, int folds) {
        ObjectNode m = mapper.createObjectNode();
        m.put("roc_auc", heldOut.rocAuc());
        m.put("pr_auc", heldOut.prAuc());
        m.put("log_loss", heldOut.logLoss());
        m.put("brier", heldOut.brier());
        m.put("expected_calibration_error", heldOut.expectedCalibrationError());
        m.put("top1_hit_rate", heldOut.top1HitRate());
        m.put("top3_hit_rate", heldOut.top3HitRate());
        m.put("selection_metric", "roc_auc");
        m.set("evaluation_set", mapper.valueToTree(evaluationSet));
        m.set("held_out", mapper.valueToTree(heldOut));
        m.set("subgroups", mapper.valueToTree(subgroups));
        m.set("subgroup_definitions", mapper.valueToTree(new TreeMap<>(Subgroups.DEFINITIONS)));
        m.set("probes", mapper.valueToTree(probes));
        ObjectNode cv = m.putObject("cross_validation");
        cv.put("folds", folds);
        cv.put("grouped_by", "user_id");
        cv.put("chosen", best.candidate().name());
        cv.put("chosen_label", best.candidate().label());
        cv.set("chosen_hyperparameters", mapper.valueToTree(best.candidate().hyperparameters()));
        cv.put("chosen_by", "best mean ROC AUC over user-grouped folds among trainers whose model passes the probes");
        ArrayNode list = cv.putArray("candidates");
        for (CandidateSelection.Score s : scores) {
            ObjectNode c = list.addObject();
            c.put("name", s.candidate().name());
            c.put("label", s.candidate().label());
            c.set("hyperparameters", mapper.valueToTree(s.candidate().hyperparameters()));
            c.put("roc_auc_mean", s.meanRocAuc());
            c.set("roc_auc_folds", mapper.valueToTree(s.foldRocAuc()));
            c.set("pooled_out_of_fold", mapper.valueToTree(s.pooled()));
        }
        return m;
    }

    /**
     * Adds what the model card draws to the {@code metrics} block, so any card can be drawn again from the manifest:
     * {@value ModelCard#CURVES_FIELD} (ROC and precision–recall points on the evaluation set, {@link Curves}) and
     * {@value ModelCard#SIZE_CURVES_FIELD} (the learned size curves, {@link SizeCurveReport}, scored through the
     * exported ONNX model as serving scores).
     *
     * @param evaluationRows the evaluation set's rows
     * @param probabilities  the published model's P(pass) for each of them
     * @param catalogue      the masks the version scores
     */
    public void cardData(ObjectNode metrics, List<FitTest> evaluationRows, double[] probabilities, FittedModel model,
                         ExportedModel exported, List<Mask> catalogue) {
        boolean[] labels = new boolean[evaluationRows.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = evaluationRows.get(i).passed();
        }
        metrics.set(ModelCard.CURVES_FIELD, mapper.valueToTree(Curves.of(probabilities, labels)));
        try (OnnxScorer scorer = new OnnxScorer(exported.onnx(), exported.signature())) {
            metrics.set(ModelCard.SIZE_CURVES_FIELD, mapper.valueToTree(
                    SizeCurveReport.compute(ProbeScorer.of(model.encoder(), scorer), catalogue)));
        }
    }

    /**
     * {@code trainer}: the chosen candidate, its hyper-parameters, the split, the ONNX parity and Tribuo's
     * provenance.
     *
     * @param split      the split's method, seed and sizes
     * @param fitSeconds wall time of the final fit (s)
     */
    public ObjectNode trainer(FittedModel model, int trainingRows, Map<String, Object> split,
                              ParityCheck.Report parity, double fitSeconds) {
        ObjectNode t = mapper.createObjectNode();
        t.put("candidate", model.candidate().name());
        t.set("hyperparameters", mapper.valueToTree(model.candidate().hyperparameters()));
        t.put("library", "Tribuo " + org.tribuo.Tribuo.VERSION);
        t.put("trained_on", "every clean row outside the frozen evaluation set");
        t.put("training_rows", trainingRows);
        t.put("fit_seconds", fitSeconds);
        t.set("split", mapper.valueToTree(split));
        t.set("onnx_parity", mapper.valueToTree(parity));
        t.put("tribuo_provenance", model.model().getProvenance().toString());
        return t;
    }

    /**
     * Reference rows for serving's self-check: masks spread over the training rows, paired with made-up faces
     * from small to large (never a real person's measurements: manifests are kept for good), with Tribuo's
     * probabilities.
     */
    public static List<ReferencePrediction> references(FittedModel model, List<FitTest> rows) {
        int count = Math.min(REFERENCE_ROWS, rows.size());
        List<FitTest> probes = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            double t = count == 1 ? 0.5 : (double) k / (count - 1);
            FacialMeasurements face = new FacialMeasurements(40 + 20 * t, 80 + 35 * t, 95 + 35 * t, 90 + 35 * t,
                    210 + 60 * t, (k % 4) * 5.0);
            probes.add(new FitTest(0, rows.get((int) ((long) k * rows.size() / count)).mask(), face, false, null));
        }
        // a served graph gathers a family's weights by index: check its all-zero row (a family the model does not
        // know, or none) and both ends of the family table on every load too
        FitTest base = probes.get(count / 2);
        Mask mask = base.mask();
        List<Long> families = model.encoder().parameters().fitFamilies();
        long unknownFamily = families.stream().mapToLong(Long::longValue).max().orElse(0) + 1;
        for (Long family : new Long[] {unknownFamily, null, families.isEmpty() ? null : families.get(0),
                families.isEmpty() ? null : families.get(families.size() - 1)}) {
            probes.add(new FitTest(0, new Mask(mask.id(), mask.uniqueInternalModelCode(), family, mask.perimeterMm(),
                    mask.style(), mask.strapType()), base.face(), false, null));
        }
        count = probes.size();
        double[] p = model.predict(probes);
        List<ReferencePrediction> refs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            refs.add(new ReferencePrediction(probes.get(i).face(), probes.get(i).mask(), p[i]));
        }
        return refs;
    }
}
