package org.maskrecommender.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.features.FeatureEncoder;

/**
 * Masks ranked for one face.
 *
 * @param recommendations ranked, best first, at most {@code limit}
 * @param unknownMaskIds  requested ids the model's catalogue does not have
 * @param unscoredMaskIds requested ids the catalogue has but cannot score (no usable perimeter)
 * @param scored          masks scored (after the filters, before the limit)
 */
public record Ranking(List<Recommendation> recommendations, List<Long> unknownMaskIds, List<Long> unscoredMaskIds,
                      int scored) {

    /**
     * Scores the requested masks (all when {@code mask_ids} is absent) that pass the filters in one batch, sorts by
     * probability descending, ties by mask id ascending so equal scores rank reproducibly, keeps the top
     * {@code limit}, and explains each kept mask.
     *
     * @throws InvalidRequestException when a filter names a style or strap type the catalogue does not have
     */
    public static Ranking of(LoadedModel model, InferenceRequest request) {
        MaskFilter filter = MaskFilter.of(request.filters(), model);
        List<Mask> masks;
        List<Long> unknown;
        List<Long> unscored;
        if (request.maskIds() == null) {
            masks = model.masks();
            unknown = List.of();
            unscored = List.of();
        } else {
            LoadedModel.Selection selection = model.select(request.maskIds());
            masks = selection.masks();
            unknown = selection.unknown();
            unscored = selection.unscored();
        }
        if (!filter.isEmpty()) {
            masks = masks.stream().filter(filter::keeps).toList();
        }
        FacialMeasurements face = request.face();
        float[] p = model.score(face, masks);
        List<Mask> candidates = masks;
        Comparator<Integer> best = Comparator.<Integer>comparingDouble(i -> -p[i])
                .thenComparingLong(i -> candidates.get(i).id());
        int keep = request.limit() == null ? masks.size() : Math.min(request.limit(), masks.size());
        Integer[] order = keep < masks.size() / 4 ? topK(masks.size(), keep, best) : sortAll(masks.size(), best);

        LinkedHashSet<String> styles = new LinkedHashSet<>();
        for (int r = 0; r < keep; r++) {
            styles.add(masks.get(order[r]).style());
        }
        Map<String, Double> bestDiff = SizeCurves.best(model, face, new ArrayList<>(styles));
        List<Recommendation> ranked = new ArrayList<>(keep);
        for (int r = 0; r < keep; r++) {
            Mask m = masks.get(order[r]);
            double diff = FeatureEncoder.perimeterDiffMm(face, m);
            ranked.add(new Recommendation(r + 1, m.id(), p[order[r]], m.uniqueInternalModelCode(), m.style(),
                    m.strapType(), Math.round(diff * 10) / 10.0, SizeFit.of(diff, bestDiff.get(m.style())),
                    model.evidence().support(m.fitFamilyId()), model.encoder().knowsFamily(m.fitFamilyId())));
        }
        return new Ranking(ranked, unknown, unscored, masks.size());
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
