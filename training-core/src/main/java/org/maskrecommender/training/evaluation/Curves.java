package org.maskrecommender.training.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The points of the ROC and precision–recall curves of predictions on a set of rows, kept in the manifest so the
 * model card can be drawn (and redrawn) without the rows.
 *
 * <p>A point per distinct predicted probability used as the threshold ("pass when p ≥ threshold"), from the highest
 * down; with more distinct probabilities than {@value #MAX_POINTS}, evenly spaced ones of them (always the last), so
 * a manifest stays small however large the evaluation set. The ROC curve also starts at (0, 0).
 *
 * @param roc             false positive rate (x) and true positive rate (y) per threshold
 * @param precisionRecall recall (x) and precision (y) per threshold
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Curves(Roc roc, PrecisionRecall precisionRecall) {

    /** Most points per curve (plus the ROC's origin). */
    public static final int MAX_POINTS = 100;

    /**
     * @param thresholds        the threshold of each point (the origin's is 1 + the highest probability: nothing passes)
     * @param falsePositiveRate share of failed rows predicted to pass, per point
     * @param truePositiveRate  share of passed rows predicted to pass (recall), per point
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Roc(List<Double> thresholds, List<Double> falsePositiveRate, List<Double> truePositiveRate) {
    }

    /**
     * @param thresholds the threshold of each point
     * @param recall     share of passed rows predicted to pass, per point
     * @param precision  share of rows predicted to pass that passed, per point
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PrecisionRecall(List<Double> thresholds, List<Double> recall, List<Double> precision) {
    }

    /** The curves of these predictions; empty curves when the rows have only one class (the rates are undefined). */
    public static Curves of(double[] probabilities, boolean[] labels) {
        if (probabilities.length != labels.length) {
            throw new IllegalArgumentException(probabilities.length + " predictions but " + labels.length + " labels");
        }
        int positives = 0;
        for (boolean l : labels) {
            positives += l ? 1 : 0;
        }
        int negatives = labels.length - positives;
        Roc roc = new Roc(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        PrecisionRecall pr = new PrecisionRecall(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        if (positives == 0 || negatives == 0) {
            return new Curves(roc, pr);
        }
        Integer[] order = IntStream.range(0, probabilities.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> -probabilities[i]));
        // cumulative counts at the end of each run of equal probabilities
        List<double[]> steps = new ArrayList<>(); // {threshold, tp, fp}
        int tp = 0;
        int fp = 0;
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            tp += labels[i] ? 1 : 0;
            fp += labels[i] ? 0 : 1;
            if (k == order.length - 1 || probabilities[order[k + 1]] != probabilities[i]) {
                steps.add(new double[] {probabilities[i], tp, fp});
            }
        }
        roc.thresholds().add(probabilities[order[0]] + 1);
        roc.falsePositiveRate().add(0.0);
        roc.truePositiveRate().add(0.0);
        for (int s : kept(steps.size())) {
            double[] step = steps.get(s);
            roc.thresholds().add(step[0]);
            roc.falsePositiveRate().add(step[2] / negatives);
            roc.truePositiveRate().add(step[1] / positives);
            pr.thresholds().add(step[0]);
            pr.recall().add(step[1] / positives);
            pr.precision().add(step[1] / (step[1] + step[2]));
        }
        return new Curves(new Roc(List.copyOf(roc.thresholds()), List.copyOf(roc.falsePositiveRate()),
                List.copyOf(roc.truePositiveRate())), new PrecisionRecall(List.copyOf(pr.thresholds()),
                List.copyOf(pr.recall()), List.copyOf(pr.precision())));
    }

    /** Indexes of the steps drawn: all of them, or {@link #MAX_POINTS} evenly spaced ending with the last. */
    private static int[] kept(int steps) {
        if (steps <= MAX_POINTS) {
            return IntStream.range(0, steps).toArray();
        }
        return IntStream.range(1, MAX_POINTS + 1).map(k -> (int) ((long) k * steps / MAX_POINTS) - 1).toArray();
    }
}
