package org.maskrecommender.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.Mask;

/**
 * Masks ranked for one face.
 *
 * @param recommendations ranked, best first, at most {@code limit}
 * @param unknownMaskIds  requested ids the model's catalogue does not have
 * @param scored          masks scored (before the limit)
 */
public record Ranking(List<Recommendation> recommendations, List<Long> unknownMaskIds, int scored) {

    /**
     * Scores the requested masks (all when {@code maskIds} is null) in one batch and sorts by
     * probability descending, ties by mask id ascending so equal scores rank reproducibly.
     */
    public static Ranking of(LoadedModel model, FacialMeasurements face, List<Long> maskIds, Integer limit) {
        List<Mask> masks;
        List<Long> unknown;
        if (maskIds == null) {
            masks = model.masks();
            unknown = List.of();
        } else {
            LoadedModel.Selection selection = model.select(maskIds);
            masks = selection.masks();
            unknown = selection.unknown();
        }
        float[] p = model.score(face, masks);
        Comparator<Integer> best = Comparator.<Integer>comparingDouble(i -> -p[i]).thenComparingLong(i -> masks.get(i).id());
        int keep = limit == null ? masks.size() : Math.min(limit, masks.size());
        Integer[] order = keep < masks.size() / 4 ? topK(masks.size(), keep, best) : sortAll(masks.size(), best);
        List<Recommendation> ranked = new ArrayList<>(keep);
        for (int r = 0; r < keep; r++) {
            Mask m = masks.get(order[r]);
            ranked.add(new Recommendation(r + 1, m.id(), p[order[r]], m.uniqueInternalModelCode(), m.style(),
                    m.strapType()));
        }
        return new Ranking(ranked, unknown, masks.size());
    }

    private static Integer[] sortAll(int n, Comparator<Integer> best) {
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, best);
        return order;
    }

    /** The k best in order, with a bounded heap: a request for the top 10 of 10,000 need not sort all. */
    private static Integer[] topK(int n, int k, Comparator<Integer> best) {
        PriorityQueue<Integer> worstFirst = new PriorityQueue<>(k + 1, best.reversed());
        for (int i = 0; i < n; i++) {
            worstFirst.offer(i);
            if (worstFirst.size() > k) {
                worstFirst.poll();
            }
        }
        Integer[] order = worstFirst.toArray(new Integer[0]);
        Arrays.sort(order, best);
        return order;
    }
}
