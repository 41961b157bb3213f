package org.maskrecommender.training.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.training.ProgressListener;
import org.maskrecommender.training.evaluation.EvaluationReport;
import org.maskrecommender.training.evaluation.Metrics;
import org.maskrecommender.training.evaluation.UserGroupedSplit;
import org.maskrecommender.training.evaluation.UserGroupedSplit.Split;

/**
 * Chooses among candidates by user-grouped k-fold cross-validation on ROC AUC: a model per fold, scored on that
 * fold's unseen users. Folds are independent, so they are fitted in parallel on the machine's cores (a Lambda
 * with at least 1,769 MB has two).
 */
public final class CandidateSelection {

    private final ModelFitter fitter;

    public CandidateSelection(ModelFitter fitter) {
        this.fitter = fitter;
    }

    /**
     * One candidate's cross-validation outcome.
     *
     * @param candidate  the candidate
     * @param foldRocAuc ROC AUC of each fold, in fold order
     * @param meanRocAuc their mean (NaN when a fold had one class only)
     * @param pooled     every fold's out-of-fold predictions evaluated together
     */
    public record Score(Candidate candidate, List<Double> foldRocAuc, double meanRocAuc, EvaluationReport pooled) {
    }

    /**
     * Cross-validates every candidate on {@code rows}.
     *
     * @param seed split and fit seed; fold {@code f} is fitted with {@code seed + f}
     * @return one score per candidate, in the candidates' order
     */
    public List<Score> crossValidate(List<Candidate> candidates, List<FitTest> rows, int folds, long seed,
                                     ProgressListener progress) {
        // the same folds for every candidate, so they are compared on the same users
        List<Split> split = UserGroupedSplit.kFold(rows, folds, seed + 1);
        List<Score> scores = new ArrayList<>();
        for (Candidate candidate : candidates) {
            scores.add(crossValidate(candidate, split, seed, progress));
        }
        return scores;
    }

    /** The best score; a NaN mean (a fold with one class) never wins, although Double.compare ranks it highest. */
    public static Score best(List<Score> scores) {
        return scores.stream().max(Comparator.comparingDouble(s -> Double.isNaN(s.meanRocAuc())
                ? Double.NEGATIVE_INFINITY : s.meanRocAuc())).orElseThrow();
    }

    private Score crossValidate(Candidate candidate, List<Split> folds, long seed, ProgressListener progress) {
        long start = System.nanoTime();
        int threads = Math.max(1, Math.min(folds.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<double[]>> predictions = new ArrayList<>();
            for (int f = 0; f < folds.size(); f++) {
                Split fold = folds.get(f);
                long foldSeed = seed + f;
                predictions.add(pool.submit(() -> fitter.fit(candidate, fold.train(), foldSeed).predict(fold.test())));
            }
            List<Double> foldAuc = new ArrayList<>();
            List<FitTest> pooledRows = new ArrayList<>();
            List<double[]> pooledParts = new ArrayList<>();
            for (int f = 0; f < folds.size(); f++) {
                double[] p = await(predictions.get(f));
                Split fold = folds.get(f);
                double auc = Metrics.rocAuc(p, labels(fold.test()));
                foldAuc.add(auc);
                progress.step(String.format("  %s fold %d/%d: ROC AUC %.4f on %d rows of unseen users",
                        candidate.label(), f + 1, folds.size(), auc, fold.test().size()));
                pooledRows.addAll(fold.test());
                pooledParts.add(p);
            }
            double mean = foldAuc.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            progress.step(String.format("Cross-validated %s: ROC AUC %.4f over %d user-grouped folds (%.1f s)",
                    candidate.label(), mean, folds.size(), (System.nanoTime() - start) / 1e9));
            return new Score(candidate, foldAuc, mean, Metrics.evaluate(pooledRows, concat(pooledParts)));
        } finally {
            pool.shutdownNow();
        }
    }

    private static double[] concat(List<double[]> parts) {
        double[] all = new double[parts.stream().mapToInt(p -> p.length).sum()];
        int n = 0;
        for (double[] part : parts) {
            System.arraycopy(part, 0, all, n, part.length);
            n += part.length;
        }
        return all;
    }

    private static double[] await(Future<double[]> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during cross-validation", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("cross-validation failed", e.getCause());
        }
    }

    private static boolean[] labels(List<FitTest> rows) {
        boolean[] y = new boolean[rows.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = rows.get(i).passed();
        }
        return y;
    }
}
