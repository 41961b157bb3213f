package org.maskrecommender.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.domain.Mask;

class MetricsTest {

    private static final FacialMeasurements FACE = new FacialMeasurements(50, 98, 115, 110, 250, 0);

    @Test
    void rocAucCountsPairsAndHalvesTies() {
        boolean[] y = {true, false, true, false};
        assertThat(Metrics.rocAuc(new double[] {0.9, 0.1, 0.8, 0.2}, y)).isEqualTo(1.0);
        assertThat(Metrics.rocAuc(new double[] {0.1, 0.9, 0.2, 0.8}, y)).isEqualTo(0.0);
        assertThat(Metrics.rocAuc(new double[] {0.5, 0.5, 0.5, 0.5}, y)).isEqualTo(0.5);
        // pairs (pos, neg): (0.9,0.7) win, (0.9,0.3) win, (0.4,0.7) loss, (0.4,0.3) win -> 3/4
        assertThat(Metrics.rocAuc(new double[] {0.9, 0.7, 0.4, 0.3}, y)).isEqualTo(0.75);
        assertThat(Metrics.rocAuc(new double[] {0.2, 0.4}, new boolean[] {true, true})).isNaN();
    }

    @Test
    void averagePrecisionMatchesHandComputation() {
        // ranked: pos(0.9) neg(0.8) pos(0.7) neg(0.1): precision at recalls 0.5 and 1.0 = 1 and 2/3
        double ap = Metrics.prAuc(new double[] {0.9, 0.8, 0.7, 0.1}, new boolean[] {true, false, true, false});
        assertThat(ap).isCloseTo(0.5 * 1 + 0.5 * (2.0 / 3), within(1e-12));
    }

    @Test
    void rocAucAndAveragePrecisionAreUndefinedWithoutBothClasses() {
        assertThat(Metrics.rocAuc(new double[0], new boolean[0])).isNaN();
        assertThat(Metrics.prAuc(new double[0], new boolean[0])).isNaN();
        assertThat(Metrics.rocAuc(new double[] {0.2, 0.4}, new boolean[] {false, false})).isNaN();
        assertThat(Metrics.prAuc(new double[] {0.2, 0.4}, new boolean[] {false, false})).isNaN();
        // every row passed: precision is 1 at every threshold
        assertThat(Metrics.prAuc(new double[] {0.2, 0.4}, new boolean[] {true, true})).isEqualTo(1.0);
    }

    /** Tribuo computes both; these are the definitions the report documents, counted pair by pair and threshold by threshold. */
    @ParameterizedTest
    @ValueSource(strings = {"continuous", "tied", "saturated"})
    void rocAucAndAveragePrecisionMatchTheirDefinitions(String kind) {
        Random random = new Random(kind.hashCode());
        for (int trial = 0; trial < 300; trial++) {
            int n = 2 + random.nextInt(120);
            double[] scores = new double[n];
            boolean[] labels = new boolean[n];
            for (int i = 0; i < n; i++) {
                labels[i] = random.nextDouble() < 0.35;
                double logit = random.nextGaussian() + (labels[i] ? 0.8 : 0);
                scores[i] = switch (kind) {
                    case "tied" -> Math.round(random.nextDouble() * 8) / 8.0;
                    // probabilities of a very confident model: many within 1e-12 of 0 or 1, yet distinct
                    case "saturated" -> 1 / (1 + Math.exp(-40 * logit));
                    default -> 1 / (1 + Math.exp(-logit));
                };
            }
            assertThat(Metrics.rocAuc(scores, labels)).as("ROC AUC, trial %d", trial)
                    .isCloseTo(pairwiseAuc(scores, labels), within(1e-9));
            assertThat(Metrics.prAuc(scores, labels)).as("average precision, trial %d", trial)
                    .isCloseTo(thresholdwiseAveragePrecision(scores, labels), within(1e-9));
        }
    }

    @Test
    void scoresCloserThanTribuosTieToleranceAreStillOrdered() {
        double[] scores = {1e-15, 2e-15, 3e-15, 4e-15};
        boolean[] labels = {false, false, true, true};

        assertThat(Metrics.rocAuc(scores, labels)).isEqualTo(1.0);
        assertThat(Metrics.prAuc(scores, labels)).isEqualTo(1.0);
        // what Tribuo makes of the raw scores: one threshold, every pair a tie
        assertThat(LabelEvaluationUtil.binaryAUCROC(labels, scores)).isEqualTo(0.5);
    }

    /** P(score of a pass > score of a fail), a tie counting half. NaN without both classes. */
    private static double pairwiseAuc(double[] scores, boolean[] labels) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < scores.length; i++) {
            for (int j = 0; j < scores.length; j++) {
                if (labels[i] && !labels[j]) {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        return pairs == 0 ? Double.NaN : wins / pairs;
    }

    /** Σ over distinct thresholds t, descending, of (recall − previous recall) × precision of "score ≥ t". */
    private static double thresholdwiseAveragePrecision(double[] scores, boolean[] labels) {
        long positives = IntStream.range(0, labels.length).filter(i -> labels[i]).count();
        if (positives == 0) {
            return Double.NaN;
        }
        double[] thresholds = Arrays.stream(scores).boxed().sorted(Comparator.reverseOrder()).distinct()
                .mapToDouble(Double::doubleValue).toArray();
        double ap = 0;
        double previousRecall = 0;
        for (double t : thresholds) {
            int predicted = 0;
            int hits = 0;
            for (int i = 0; i < scores.length; i++) {
                if (scores[i] >= t) {
                    predicted++;
                    hits += labels[i] ? 1 : 0;
                }
            }
            double recall = (double) hits / positives;
            ap += (recall - previousRecall) * hits / predicted;
            previousRecall = recall;
        }
        return ap;
    }

    @Test
    void logLossAndBrierMatchDefinitions() {
        double[] p = {0.8, 0.3};
        boolean[] y = {true, false};
        assertThat(Metrics.logLoss(p, y)).isCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, within(1e-12));
        assertThat(Metrics.brier(p, y)).isCloseTo((0.04 + 0.09) / 2, within(1e-12));
        // a certain wrong answer is clipped, not infinite
        assertThat(Metrics.logLoss(new double[] {0.0}, new boolean[] {true})).isFinite().isGreaterThan(30);
    }

    @Test
    void calibrationBinsAndExpectedError() {
        double[] p = {0.05, 0.05, 0.95, 0.95, 0.55};
        boolean[] y = {false, true, true, true, false};
        List<CalibrationBin> bins = Metrics.calibration(p, y);
        assertThat(bins).hasSize(10);
        assertThat(bins.get(0).count()).isEqualTo(2);
        assertThat(bins.get(0).observedRate()).isEqualTo(0.5);
        assertThat(bins.get(9).count()).isEqualTo(2);
        assertThat(bins.get(9).meanPredicted()).isCloseTo(0.95, within(1e-12));
        assertThat(bins.get(5).count()).isEqualTo(1);
        // (2/5)|0.05-0.5| + (2/5)|0.95-1| + (1/5)|0.55-0|
        assertThat(Metrics.expectedCalibrationError(bins, 5)).isCloseTo(0.4 * 0.45 + 0.4 * 0.05 + 0.2 * 0.55, within(1e-12));
        assertThat(Metrics.calibration(new double[] {1.0}, new boolean[] {true}).get(9).count()).isEqualTo(1);
    }

    @Test
    void topKHitRatesRankEachUsersTestedMasks() {
        List<FitTest> rows = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        // user 1: best-scored mask passed -> top-1 hit
        add(rows, p, 1, 1, true, 0.9);
        add(rows, p, 1, 2, false, 0.2);
        // user 2: pass is ranked 3rd -> top-3 hit only
        add(rows, p, 2, 1, false, 0.9);
        add(rows, p, 2, 2, false, 0.8);
        add(rows, p, 2, 3, true, 0.7);
        add(rows, p, 2, 4, false, 0.1);
        // user 3: no pass -> not rankable; user 4: one test -> not rankable
        add(rows, p, 3, 1, false, 0.5);
        add(rows, p, 3, 2, false, 0.4);
        add(rows, p, 4, 1, true, 0.9);
        EvaluationReport report = Metrics.evaluate(rows, p.stream().mapToDouble(Double::doubleValue).toArray());
        assertThat(report.rankedUsers()).isEqualTo(2);
        assertThat(report.top1HitRate()).isEqualTo(0.5);
        assertThat(report.top3HitRate()).isEqualTo(1.0);
        assertThat(report.users()).isEqualTo(4);
        assertThat(report.rows()).isEqualTo(9);
        assertThat(report.positives()).isEqualTo(3);
    }

    private static void add(List<FitTest> rows, List<Double> p, long user, long mask, boolean passed, double prob) {
        rows.add(new FitTest(user, new Mask(mask, "m" + mask, null, 380, "Boat", "Earloop"), FACE, passed, null));
        p.add(prob);
    }
}
