package org.maskrecommender.inference;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.features.EncodedMask;
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
        List<EncodedMask> masks;
        List<Long> unknown;
        List<Long> unscored;
        if (request.maskIds() == null) {
            masks = model.encodedMasks();
            unknown = List.of();
            unscored = List.of();
        } else {
            LoadedModel.Selection selection = model.select(request.maskIds());
            masks = selection.masks();
            unknown = selection.unknown();
            unscored = selection.unscored();
        }
        if (!filter.isEmpty()) {
            masks = masks.stream().filter(m -> filter.keeps(m.mask())).toList();
        }
        FacialMeasurements face = request.face();
        float[] p = model.scoreCatalogue(face, masks);
        int keep = request.limit() == null ? masks.size() : Math.min(request.limit(), masks.size());
        int[] order = best(p, masks, keep);

        LinkedHashSet<String> styles = new LinkedHashSet<>();
        for (int r = 0; r < keep; r++) {
            styles.add(masks.get(order[r]).mask().style());
        }
        Map<String, Double> bestDiff = SizeCurves.best(model, face, new ArrayList<>(styles));
        List<Recommendation> ranked = new ArrayList<>(keep);
        for (int r = 0; r < keep; r++) {
            Mask m = masks.get(order[r]).mask();
            double diff = FeatureEncoder.perimeterDiffMm(face, m);
            ranked.add(new Recommendation(r + 1, m.id(), p[order[r]], m.uniqueInternalModelCode(), m.style(),
                    m.strapType(), Math.round(diff * 10) / 10.0, SizeFit.of(diff, bestDiff.get(m.style())),
                    model.evidence().support(m.fitFamilyId()), model.encoder().knowsFamily(m.fitFamilyId())));
        }
        return new Ranking(ranked, unknown, unscored, masks.size());
    }

    /**
     * The indices of the {@code keep} best masks, best first: probability descending, then mask id ascending. A
     * bounded heap of primitive indices whose root is the worst kept, so a request for the top 10 of 10,000 costs
     * about one comparison per mask.
     */
    static int[] best(float[] p, List<EncodedMask> masks, int keep) {
        long[] ids = new long[masks.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = masks.get(i).mask().id();
        }
        int[] heap = new int[keep];
        int size = 0;
        for (int i = 0; i < p.length && keep > 0; i++) {
            if (size < keep) {
                heap[size] = i;
                siftUp(heap, size++, p, ids);
            } else if (better(i, heap[0], p, ids)) {
                heap[0] = i;
                siftDown(heap, size, p, ids);
            }
        }
        int[] order = new int[size];
        for (int r = size - 1; r >= 0; r--) { // pop the worst first
            order[r] = heap[0];
            heap[0] = heap[--size];
            siftDown(heap, size, p, ids);
        }
        return order;
    }

    private static boolean better(int a, int b, float[] p, long[] ids) {
        return p[a] > p[b] || (p[a] == p[b] && ids[a] < ids[b]);
    }

    private static void siftUp(int[] heap, int at, float[] p, long[] ids) {
        while (at > 0) {
            int parent = (at - 1) / 2;
            if (!better(heap[parent], heap[at], p, ids)) {
                return;
            }
            swap(heap, parent, at);
            at = parent;
        }
    }

    private static void siftDown(int[] heap, int size, float[] p, long[] ids) {
        int at = 0;
        while (true) {
            int worst = at;
            int left = 2 * at + 1;
            if (left < size && better(heap[worst], heap[left], p, ids)) {
                worst = left;
            }
            if (left + 1 < size && better(heap[worst], heap[left + 1], p, ids)) {
                worst = left + 1;
            }
            if (worst == at) {
                return;
            }
            swap(heap, at, worst);
            at = worst;
        }
    }

    private static void swap(int[] heap, int a, int b) {
        int t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
    }
}
