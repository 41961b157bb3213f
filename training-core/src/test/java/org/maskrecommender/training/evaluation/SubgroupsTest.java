package org.maskrecommender.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.domain.Mask;

class SubgroupsTest {

    private static final FacialMeasurements CHILD = new FacialMeasurements(40, 78, 92, 88, 200, 0); // 298 mm
    private static final FacialMeasurements ADULT = new FacialMeasurements(50, 98, 115, 110, 250, 0); // 373 mm
    private static final FacialMeasurements BEARDED = new FacialMeasurements(50, 98, 115, 110, 250, 12);

    private static FitTest test(long user, FacialMeasurements face, Mask mask, boolean passed) {
        return new FitTest(user, mask, face, passed, null);
    }

    @Test
    void rowsFallIntoEverySubgroupTheyBelongTo() {
        Mask common = new Mask(1, "Common Cup", 10L, 380, "Cup", "Headstrap");
        Mask rare = new Mask(2, "Rare Boat", 20L, 330, "Boat", "Earloop");
        Mask unknown = new Mask(3, "No family", null, 350, null, null);
        List<FitTest> rows = List.of(test(1, CHILD, rare, true), test(1, CHILD, common, false),
                test(2, ADULT, common, true), test(2, ADULT, rare, false), test(3, BEARDED, common, false),
                test(3, BEARDED, unknown, true));
        Subgroups subgroups = new Subgroups(Map.of(10L, 50, 20L, Subgroups.SPARSE_FAMILY_ROWS - 1));

        Map<String, SubgroupReport> reports = subgroups.evaluate(rows, new double[] {0.9, 0.2, 0.8, 0.3, 0.1, 0.6});

        assertThat(reports.keySet()).containsExactly("child_sized_face", "bearded", "style=(none)", "style=Boat",
                "style=Cup", "sparse_family");
        assertThat(reports.get("child_sized_face").rows()).isEqualTo(2);
        assertThat(reports.get("child_sized_face").rocAuc()).isEqualTo(1.0);
        assertThat(reports.get("bearded").rows()).isEqualTo(2);
        assertThat(reports.get("style=Cup").rows()).isEqualTo(3);
        // the rare family (9 training rows) and the mask without a family
        assertThat(reports.get("sparse_family").rows()).isEqualTo(3);
        assertThat(reports.get("sparse_family").users()).isEqualTo(3);
        assertThat(reports.get("style=Boat").logLoss()).isCloseTo((-Math.log(0.9) - Math.log(0.7)) / 2,
                org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void familyCountsComeFromTheTrainingRows() {
        Mask m = new Mask(1, "A", 7L, 380, "Cup", "Headstrap");
        List<FitTest> training = java.util.stream.IntStream.range(0, Subgroups.SPARSE_FAMILY_ROWS)
                .mapToObj(i -> test(i, ADULT, m, i % 2 == 0)).toList();
        assertThat(Subgroups.of(training).sparseFamily(training.get(0))).isFalse();
        assertThat(Subgroups.of(training.subList(1, training.size())).sparseFamily(training.get(0))).isTrue();
    }
}
