package org.maskrecommender.training;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.features.InputLayout;
import org.maskrecommender.core.probes.ProbeReport;
import org.maskrecommender.core.probes.ProbeResult;
import org.maskrecommender.core.probes.ProbeScorer;
import org.maskrecommender.core.probes.Probes;
import org.maskrecommender.core.scoring.OnnxScorer;
import org.maskrecommender.training.export.ExportException;
import org.maskrecommender.training.export.ExportedModel;
import org.maskrecommender.training.export.OnnxExporter;
import org.maskrecommender.training.export.ParityCheck;
import org.maskrecommender.training.model.CandidateSelection;
import org.maskrecommender.training.model.FittedModel;
import org.maskrecommender.training.model.ModelFitter;

/**
 * Fits the model to publish: the best cross-validated candidate that passes the probe set. The best grid point of
 * each trainer is tried in order of mean CV ROC AUC, each fitted on the training rows, exported, checked for ONNX parity and probed as
 * serving will run it; the first whose probes pass is the one. A flexible candidate (a factorization machine's
 * pairwise terms) can rank well and still, say, let a beard raise a probability; a close runner-up that behaves
 * is the better model to serve. When none of the first {@value #MAX_ATTEMPTS} passes, the CV winner is returned
 * with its failures, and the quality gate refuses to promote it.
 */
final class FinalFit {

    /** Fits tried at most (each costs one fit on all training rows). */
    static final int MAX_ATTEMPTS = 3;

    private final ModelFitter fitter;
    private final OnnxExporter exporter = new OnnxExporter();
    private final ParityCheck parity = new ParityCheck();

    private final InputLayout layout;

    /** @param layout the input layout of the exported graph */
    FinalFit(ModelFitter fitter, InputLayout layout) {
        this.fitter = fitter;
        this.layout = layout;
    }

    /**
     * The published model and what was checked of it.
     *
     * @param chosen        the candidate's cross-validation score
     * @param model         the fitted model
     * @param exported      its ONNX form
     * @param parity        ONNX Runtime vs Tribuo on the training rows and random rows
     * @param probes        its probe results
     * @param trainProbabilities Tribuo's probabilities on the training rows
     * @param passedOver    better-ranked candidates that failed a probe, with the probes they failed
     * @param fitSeconds    wall time of the chosen candidate's fit (s)
     */
    record Result(CandidateSelection.Score chosen, FittedModel model, ExportedModel exported,
                  ParityCheck.Report parity, ProbeReport probes, double[] trainProbabilities, List<String> passedOver,
                  double fitSeconds) {
    }

    Result fit(List<CandidateSelection.Score> scores, List<FitTest> train, List<Mask> catalogue,
               TrainingSettings settings, ProgressListener progress) {
        List<CandidateSelection.Score> ranked = scores.stream()
                .sorted(Comparator.comparingDouble(CandidateSelection.Score::meanRocAuc).reversed()
                        .thenComparing(s -> s.candidate().name()))
                .filter(s -> !Double.isNaN(s.meanRocAuc())).toList();
        // one attempt per trainer (its best grid point): another point of a grid rarely fixes what its
        // best one gets wrong, and each attempt is a full fit
        Set<String> seen = new HashSet<>();
        ranked = ranked.stream().filter(s -> seen.add(s.candidate().name())).toList();
        if (ranked.isEmpty()) {
            ranked = List.of(CandidateSelection.best(scores));
        }
        List<String> passedOver = new ArrayList<>();
        Result first = null;
        for (int i = 0; i < Math.min(MAX_ATTEMPTS, ranked.size()); i++) {
            Result result = attempt(ranked.get(i), train, catalogue, settings, passedOver);
            String label = result.chosen().candidate().label();
            if (result.probes().passed()) {
                progress.step(String.format("Chose %s (CV ROC AUC %.4f); fitted on %d rows, probes passed", label,
                        result.chosen().meanRocAuc(), train.size()));
                return result;
            }
            String failed = String.join(", ", result.probes().failures().stream().map(ProbeResult::name).toList());
            progress.step(String.format("  %s (CV ROC AUC %.4f) fails probe %s; trying the next candidate", label,
                    result.chosen().meanRocAuc(), failed));
            passedOver.add(label + ": " + failed);
            if (first == null) {
                first = result;
            }
        }
        progress.step("No candidate passes every probe; keeping the CV winner "
                + first.chosen().candidate().label() + " for the gate to refuse");
        return new Result(first.chosen(), first.model(), first.exported(), first.parity(), first.probes(),
                first.trainProbabilities(), List.copyOf(passedOver), first.fitSeconds());
    }

    private Result attempt(CandidateSelection.Score score, List<FitTest> train, List<Mask> catalogue,
                           TrainingSettings settings, List<String> passedOver) {
        long start = System.nanoTime();
        FittedModel model = fitter.fit(score.candidate(), train, settings.seed());
        double fitSeconds = (System.nanoTime() - start) / 1e9;
        double[] trainProbabilities = model.predict(train);
        ExportedModel exported;
        ParityCheck.Report parityReport;
        try {
            exported = layout == InputLayout.ONE_HOT ? exporter.exportOneHot(model, 1L) : exporter.export(model, 1L);
            parityReport = parity.verify(exported, model, train, trainProbabilities, settings.parityTolerance(),
                    settings.seed());
        } catch (ExportException e) {
            throw new TrainingException(TrainingException.Code.EXPORT_FAILED, e.getMessage(), e);
        }
        ProbeReport probes;
        try (OnnxScorer scorer = new OnnxScorer(exported.onnx(), exported.signature())) {
            // the exported model, as serving (and the deployer's smoke test) will run it
            probes = Probes.check(ProbeScorer.of(model.encoder(), scorer), catalogue);
        }
        return new Result(score, model, exported, parityReport, probes, trainProbabilities, List.copyOf(passedOver),
                fitSeconds);
    }
}
