package org.maskrecommender.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.features.EncodedMask;

/** The bounded heap that keeps the best masks gives exactly a full sort's first k, ties by mask id. */
class RankingOrderTest {

    @Test
    void theHeapKeepsAFullSortsFirstK() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            int n = rnd.nextInt(60);
            float[] p = new float[n];
            List<EncodedMask> masks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                p[i] = rnd.nextInt(8) / 8f; // many ties
                masks.add(new EncodedMask(new Mask(rnd.nextInt(1000), null, null, 400, null, null), -1, -1, 0));
            }
            int[] sorted = IntStream.range(0, n).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(i -> -p[i])
                            .thenComparingLong(i -> masks.get(i).mask().id()))
                    .mapToInt(Integer::intValue).toArray();
            int keep = n == 0 ? 0 : rnd.nextInt(n + 1);
            int[] best = Ranking.best(p, masks, keep);
            assertThat(ids(best, masks)).as("n=%d keep=%d", n, keep)
                    .isEqualTo(ids(java.util.Arrays.copyOf(sorted, keep), masks));
            assertThat(best).doesNotHaveDuplicates();
        }
    }

    private static List<Long> ids(int[] order, List<EncodedMask> masks) {
        List<Long> ids = new ArrayList<>();
        for (int i : order) {
            ids.add(masks.get(i).mask().id());
        }
        return ids;
    }
}
