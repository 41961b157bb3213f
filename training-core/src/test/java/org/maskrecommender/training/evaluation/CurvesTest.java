package org.maskrecommender.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

class CurvesTest {

    @Test
    void onePointPerDistinctProbabilityFromTheHighestDown() {
        double[] p = {0.9, 0.8, 0.8, 0.3};
        boolean[] passed = {true, false, true, false};

        Curves c = Curves.of(p, passed);

        // thresholds 0.9, 0.8 (two rows tied), 0.3; the ROC also starts at the origin
        assertThat(c.roc().thresholds()).containsExactly(1.9, 0.9, 0.8, 0.3);
        assertThat(c.roc().falsePositiveRate()).containsExactly(0.0, 0.0, 0.5, 1.0);
        assertThat(c.roc().truePositiveRate()).containsExactly(0.0, 0.5, 1.0, 1.0);
        assertThat(c.precisionRecall().recall()).containsExactly(0.5, 1.0, 1.0);
        assertThat(c.precisionRecall().precision()).containsExactly(1.0, 2.0 / 3, 0.5);
    }

    @Test
    void aLargeSetKeepsAtMostMaxPointsEndingAtTheCorner() {
        Random random = new Random(7);
        int n = 5_000;
        double[] p = new double[n];
        boolean[] passed = new boolean[n];
        for (int i = 0; i < n; i++) {
            p[i] = random.nextDouble();
            passed[i] = random.nextDouble() < p[i];
        }

        Curves c = Curves.of(p, passed);

        assertThat(c.roc().falsePositiveRate()).hasSize(Curves.MAX_POINTS + 1);
        assertThat(c.precisionRecall().recall()).hasSize(Curves.MAX_POINTS);
        assertThat(c.roc().falsePositiveRate().get(Curves.MAX_POINTS)).isEqualTo(1.0);
        assertThat(c.roc().truePositiveRate().get(Curves.MAX_POINTS)).isEqualTo(1.0);
        // thresholds descend, rates never fall
        for (int k = 1; k <= Curves.MAX_POINTS; k++) {
            assertThat(c.roc().thresholds().get(k)).isLessThan(c.roc().thresholds().get(k - 1));
            assertThat(c.roc().truePositiveRate().get(k)).isGreaterThanOrEqualTo(c.roc().truePositiveRate().get(k - 1));
        }
        // the curve's trapezoid area is close to the exact AUC
        double area = 0;
        for (int k = 1; k <= Curves.MAX_POINTS; k++) {
            area += (c.roc().falsePositiveRate().get(k) - c.roc().falsePositiveRate().get(k - 1))
                    * (c.roc().truePositiveRate().get(k) + c.roc().truePositiveRate().get(k - 1)) / 2;
        }
        assertThat(area).isCloseTo(Metrics.rocAuc(p, passed), within(0.01));
    }

    @Test
    void oneClassOnlyHasNoCurves() {
        Curves c = Curves.of(new double[] {0.2, 0.7}, new boolean[] {true, true});
        assertThat(c.roc().falsePositiveRate()).isEmpty();
        assertThat(c.precisionRecall().recall()).isEmpty();
    }
}
