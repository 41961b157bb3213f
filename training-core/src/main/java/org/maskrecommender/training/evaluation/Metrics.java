package org.maskrecommender.training.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.maskrecommender.core.domain.FitTest;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

/** Metrics of predicted pass probabilities against results; pure functions, no state. */
public final class Metrics {

    /** Calibration uses this many equal-width probability bins. */
    public static final int CALIBRATION_BINS = 10;
    private static final double EPS = 1e-15;

    private Metrics() {
    }

    /** Every metric of {@link EvaluationReport} for these rows and their predictions. */
    public static EvaluationReport evaluate(List<FitTest> rows, double[] probabilities) {
        if (rows.size() != probabilities.length) {
            throw new IllegalArgumentException(rows.size() + " rows but " + probabilities.length + " predictions");
        }
        boolean[] labels = new boolean[rows.size()];
        int positives = 0;
        HashSet<Long> users = new HashSet<>();
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rows.get(i).passed();
            positives += labels[i] ? 1 : 0;
            users.add(rows.get(i).userId());
        }
        List<CalibrationBin> bins = calibration(probabilities, labels);
        double[] hits = topKHitRates(rows, probabilities);
        return new EvaluationReport(rows.size(), users.size(), positives, rocAuc(probabilities, labels),
                prAuc(probabilities, labels), logLoss(probabilities, labels), brier(probabilities, labels),
                expectedCalibrationError(bins, labels.length), bins, hits[0], hits[1], (int) hits[2]);
    }

    /**
     * ROC AUC, by Tribuo ({@link LabelEvaluationUtil#binaryAUCROC}): the area under the ROC curve with
     * equal scores as one point, so a tied (pass, fail) pair counts half (the Mann–Whitney statistic).
     * NaN when only one class is present (AUC is undefined then).
     */
    public static double rocAuc(double[] scores, boolean[] labels) {
        int positives = positives(scores, labels);
        if (positives == 0 || positives == labels.length) {
            return Double.NaN;
        }
        return LabelEvaluationUtil.binaryAUCROC(labels, ranks(scores));
    }

    /**
     * Average precision, by Tribuo ({@link LabelEvaluationUtil#averagedPrecision}, as scikit-learn):
     * Σ (recall_k − recall_{k−1}) · precision_k over thresholds at each distinct score, descending.
     * NaN with no positives.
     */
    public static double prAuc(double[] scores, boolean[] labels) {
        if (positives(scores, labels) == 0) {
            return Double.NaN;
        }
        return LabelEvaluationUtil.averagedPrecision(labels, ranks(scores));
    }

    private static int positives(double[] scores, boolean[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + labels.length + " labels");
        }
        int positives = 0;
        for (boolean l : labels) {
            positives += l ? 1 : 0;
        }
        return positives;
    }

    /**
     * Each score's rank among the distinct scores (0 for the lowest; equal scores, equal rank). Both
     * metrics depend on the scores' order alone, and Tribuo treats scores less than 1e-12 apart as
     * ties; given whole-number ranks it ties exactly the equal scores, so a confident model's
     * probabilities near 0 or 1 (1e-14 vs 1e-13) are still ordered.
     */
    static double[] ranks(double[] scores) {
        double[] distinct = Arrays.stream(scores).sorted().distinct().toArray();
        double[] ranks = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            ranks[i] = Arrays.binarySearch(distinct, scores[i]);
        }
        return ranks;
    }

    public static double logLoss(double[] p, boolean[] labels) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double q = Math.min(1 - EPS, Math.max(EPS, p[i]));
            sum -= labels[i] ? Math.log(q) : Math.log(1 - q);
        }
        return p.length == 0 ? Double.NaN : sum / p.length;
    }

    public static double brier(double[] p, boolean[] labels) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double e = p[i] - (labels[i] ? 1 : 0);
            sum += e * e;
        }
        return p.length == 0 ? Double.NaN : sum / p.length;
    }

    public static List<CalibrationBin> calibration(double[] p, boolean[] labels) {
        int[] count = new int[CALIBRATION_BINS];
        double[] sumPred = new double[CALIBRATION_BINS];
        int[] pos = new int[CALIBRATION_BINS];
        for (int i = 0; i < p.length; i++) {
            int b = Math.min(CALIBRATION_BINS - 1, (int) Math.floor(p[i] * CALIBRATION_BINS));
            b = Math.max(0, b);
            count[b]++;
            sumPred[b] += p[i];
            pos[b] += labels[i] ? 1 : 0;
        }
        List<CalibrationBin> bins = new ArrayList<>(CALIBRATION_BINS);
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            bins.add(new CalibrationBin((double) b / CALIBRATION_BINS, (double) (b + 1) / CALIBRATION_BINS, count[b],
                    count[b] == 0 ? 0 : sumPred[b] / count[b], count[b] == 0 ? 0 : (double) pos[b] / count[b]));
        }
        return bins;
    }

    public static double expectedCalibrationError(List<CalibrationBin> bins, int rows) {
        if (rows == 0) {
            return Double.NaN;
        }
        double ece = 0;
        for (CalibrationBin bin : bins) {
            ece += (double) bin.count() / rows * Math.abs(bin.meanPredicted() - bin.observedRate());
        }
        return ece;
    }

    /**
     * Per user, rank the masks they tested by predicted probability (ties by mask id) and ask whether
     * the first, or any of the first three, passed. Users with fewer than 2 tests or no pass are not
     * rankable and are left out.
     *
     * @return {top-1 rate, top-3 rate, users counted}
     */
    static double[] topKHitRates(List<FitTest> rows, double[] p) {
        Map<Long, List<Integer>> byUser = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            byUser.computeIfAbsent(rows.get(i).userId(), k -> new ArrayList<>()).add(i);
        }
        int ranked = 0;
        int top1 = 0;
        int top3 = 0;
        for (List<Integer> idx : byUser.values()) {
            if (idx.size() < 2 || idx.stream().noneMatch(i -> rows.get(i).passed())) {
                continue;
            }
            ranked++;
            idx.sort(Comparator.<Integer>comparingDouble(i -> -p[i]).thenComparingLong(i -> rows.get(i).mask().id()));
            top1 += rows.get(idx.get(0)).passed() ? 1 : 0;
            top3 += idx.subList(0, Math.min(3, idx.size())).stream().anyMatch(i -> rows.get(i).passed()) ? 1 : 0;
        }
        return ranked == 0 ? new double[] {Double.NaN, Double.NaN, 0}
                : new double[] {(double) top1 / ranked, (double) top3 / ranked, ranked};
    }
}
