package org.maskrecommender.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.maskrecommender.core.data.FitTestCleaner;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.training.data.TrainingDataLoader;

class UserGroupedSplitTest {

    private final List<FitTest> rows = new FitTestCleaner()
            .clean(TrainingDataLoader.sampleRows(new TrainingDataLoader.SampleSettings(5, 300))).fitTests();

    @Test
    void everyFoldIsUserDisjointAndEachRowIsTestedOnce() {
        List<UserGroupedSplit.Split> folds = UserGroupedSplit.kFold(rows, 5, 3);
        assertThat(folds).hasSize(5);
        Set<FitTest> tested = new HashSet<>();
        int testedRows = 0;
        for (UserGroupedSplit.Split fold : folds) {
            assertThat(users(fold.train())).doesNotContainAnyElementsOf(users(fold.test()));
            assertThat(fold.train().size() + fold.test().size()).isEqualTo(rows.size());
            tested.addAll(fold.test());
            testedRows += fold.test().size();
        }
        assertThat(testedRows).isEqualTo(rows.size());
        assertThat(tested).hasSize(new HashSet<>(rows).size());
    }

    @Test
    void foldsAreReproducibleFromTheSeed() {
        assertThat(UserGroupedSplit.kFold(rows, 5, 11)).isEqualTo(UserGroupedSplit.kFold(rows, 5, 11));
        assertThat(users(UserGroupedSplit.kFold(rows, 5, 11).get(0).test()))
                .isNotEqualTo(users(UserGroupedSplit.kFold(rows, 5, 12).get(0).test()));
    }

    private static Set<Long> users(List<FitTest> rows) {
        return rows.stream().map(FitTest::userId).collect(Collectors.toSet());
    }
}
